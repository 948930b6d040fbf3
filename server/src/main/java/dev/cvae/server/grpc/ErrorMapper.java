package dev.cvae.server.grpc;

import dev.cvae.server.inference.Failure;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps failures below the adapter to gRPC statuses with a description a client can act on ({@link Failure}, which
 * the HTTP adapter maps too). Shared by the gRPC services (cvae.v1 and the Open Inference Protocol), so that the
 * same failure gets the same status on both. Stateless.
 */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    /** Characters of a status description at most ({@link Failure#MAX_MESSAGE}). */
    static final int MAX_DESCRIPTION = Failure.MAX_MESSAGE;

    private ErrorMapper() {
    }

    /** The status for a failure; an unexpected one (INTERNAL) is logged with its stack trace. */
    static Status toStatus(Throwable error) {
        Status status = classify(error);
        if (status.getCode() == Status.Code.INTERNAL && status.getCause() != null) log.error("request failed", status.getCause());
        return status;
    }

    /** The status for a failure, without logging: for counting outcomes. */
    static Status classify(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof StatusRuntimeException s) return s.getStatus();
        if (e instanceof StatusException s) return s.getStatus();
        Failure failure = Failure.of(e);
        return Status.fromCode(Status.Code.valueOf(failure.kind().name())).withDescription(failure.message()).withCause(failure.cause());
    }

    /** The status code's name a failure is counted as. */
    static String outcome(Throwable error) {
        return classify(error).getCode().name();
    }

    /** The description as sent ({@link Failure#bounded}). */
    static String bounded(String description) {
        return Failure.bounded(description);
    }

    static StatusException toException(Throwable error) {
        return toStatus(error).asException();
    }
}
