package dev.cvae.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.InProcessServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** grpc.health.v1 answers for the server, each service, and each served model by its name and its v2 names. */
class HealthPerModelTest {

    @Test
    void everyServedModelIsServingByNameAndAnUnknownOneIsNotFound() throws Exception {
        ModelRegistry registry = BundledModels.registry(new BatchPolicy(8, Duration.ZERO, 64, 1));
        try (InProcessServer s = new InProcessServer(registry, 64)) {
            var health = HealthGrpc.newBlockingStub(s.channel);
            assertEquals(ServingStatus.SERVING, status(health, ""));
            assertEquals(ServingStatus.SERVING, status(health, "cvae.v1.CvaeService"));
            assertEquals(ServingStatus.SERVING, status(health, "inference.GRPCInferenceService"));
            for (String model : registry.names()) {
                assertEquals(ServingStatus.SERVING, status(health, model), model);
                assertEquals(ServingStatus.SERVING, status(health, model + "-encoder"), model);
                assertEquals(ServingStatus.SERVING, status(health, model + "-decoder"), model);
            }
            StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class, () -> status(health, "no-such-model"));
            assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        }
    }

    private static ServingStatus status(HealthGrpc.HealthBlockingStub health, String service) {
        return health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }
}
