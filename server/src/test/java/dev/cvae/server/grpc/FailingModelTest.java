package dev.cvae.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.model.ModelHealth;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.testing.Await;
import dev.cvae.server.testing.FakeModel;
import dev.cvae.server.testing.InProcessServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A network whose runs fail: each failed batch's requests get INTERNAL with the cause, the next batch runs, the
 * model turns NOT_SERVING after consecutive failures, and a probe brings it back once it runs again.
 */
class FailingModelTest {

    @Test
    void failedRunsAnswerInternalThenHealthTurnsNotServingAndAProbeHealsIt() throws Exception {
        ModelHealth modelHealth = new ModelHealth(3, Duration.ofMillis(50));
        FakeModel fake = new FakeModel(new BatchPolicy(4, Duration.ZERO, 100, 1), false, modelHealth);
        try (InProcessServer s = new InProcessServer(ModelRegistry.of(List.of(fake.model), "fake"), 100)) {
            s.server.watch(modelHealth);
            var health = HealthGrpc.newBlockingStub(s.channel);
            assertEquals(ServingStatus.SERVING, status(health));

            fake.decoderFn.failWith(new IllegalStateException("injected fault"));
            for (int i = 1; i <= 3; i++) {
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> s.blocking().generate(generate()));
                assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
                assertEquals("internal error: java.lang.IllegalStateException: injected fault", e.getStatus().getDescription());
                if (i < 3) assertEquals(ServingStatus.SERVING, status(health), "fewer than 3 failures in a row");
            }
            assertEquals(ServingStatus.NOT_SERVING, status(health));
            assertEquals(ServingStatus.NOT_SERVING, status(health, "fake-decoder"));
            assertEquals(ServingStatus.SERVING, status(health, ""), "the server itself still serves");

            fake.decoderFn.failWith(null);
            Await.until("a probe heals the model", () -> status(health) == ServingStatus.SERVING);
            assertEquals(1, s.blocking().generate(generate()).getImagesCount(), "requests run again");
        } finally {
            modelHealth.close();
        }
    }

    private static GenerateRequest generate() {
        return GenerateRequest.newBuilder().setModel("fake").setCondition(Condition.newBuilder().setClassIndex(1)).build();
    }

    private static ServingStatus status(HealthGrpc.HealthBlockingStub health) {
        return status(health, "fake");
    }

    private static ServingStatus status(HealthGrpc.HealthBlockingStub health, String service) {
        return health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }
}
