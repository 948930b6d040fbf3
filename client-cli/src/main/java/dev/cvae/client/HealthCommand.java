package dev.cvae.client;

import dev.cvae.api.v1.CvaeServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cvae-client health}: one {@code grpc.health.v1.Health/Check} call, for scripts and container health
 * checks. Exits 0 only when the answer is SERVING; NOT_SERVING and an unknown service are answers too (printed,
 * exit 1); an unreachable server is the usual one-line error (exit 1). Its deadline is short unless --timeout says
 * otherwise.
 */
@Command(name = "health", mixinStandardHelpOptions = true,
        description = "Ask the server's grpc.health.v1.Health service whether it (or one of its services) is SERVING.",
        exitCodeList = {"0:SERVING", "1:NOT_SERVING, an unknown service, or the server could not be reached", "2:usage error"})
public final class HealthCommand extends ClientCommand {
    /** What Check's answer NOT_FOUND means: the server has no health status for the service. */
    private static final String SERVICE_UNKNOWN = ServingStatus.SERVICE_UNKNOWN.name();

    @Option(names = "--service", defaultValue = "", paramLabel = "NAME",
            description = "A service's name, e.g. " + CvaeServiceGrpc.SERVICE_NAME + " (default: the server as a whole).")
    String service;

    /** Short: a health check that hangs is as bad as one that fails. */
    @Override
    Duration defaultTimeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    public Integer call() throws InterruptedException {
        String status;
        try (ServerSession session = connect()) {
            status = session.health().check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus().name();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) throw e;
            status = SERVICE_UNKNOWN;
        }
        report(status);
        return status.equals(ServingStatus.SERVING.name()) ? ExitCodes.OK : ExitCodes.SERVER_ERROR;
    }

    private void report(String status) {
        String target = connection().target();
        if (json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("target", target);
            result.put("service", service);
            result.put("status", status);
            JsonOption.print(cli().getOut(), result);
        } else if (status.equals(SERVICE_UNKNOWN)) {
            cli().getOut().printf("%s: the server at %s knows no service '%s'%n", status, target, service);
        } else {
            cli().getOut().printf("%s: %s at %s%n", status, service.isEmpty() ? "the server" : "service " + service, target);
        }
    }
}
