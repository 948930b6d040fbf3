package dev.cvae.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.server.batch.BatchPolicy;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {
    @Test
    void shutdownRefusesNewCallsButLetsInFlightWorkFinish() throws Exception {
        FakeModel fake = new FakeModel(new BatchPolicy(4, Duration.ZERO, 100, 1), true);
        InProcessServer server = new InProcessServer(ModelRegistry.of(List.of(fake.model), "fake"), 100);
        GenerateRequest request = GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setClassIndex(1)).setCount(6).build();
        CompletableFuture<GenerateResponse> inFlight = server.reactor().generate(request).toFuture();
        fake.decoderFn.awaitFirstRun();

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> {
            try {
                server.server.shutdown(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Await.until("shutdown has begun", server.server::isShutdown);
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                .withDeadlineAfter(10, TimeUnit.SECONDS).generate(request));
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
        assertTrue(!shutdown.isDone(), "the server waits for the call in flight");

        fake.decoderFn.open();
        assertEquals(6, inFlight.get(20, TimeUnit.SECONDS).getImagesCount(), "the in-flight call finished, split over two runs");
        shutdown.get(20, TimeUnit.SECONDS);
        assertThrows(IllegalStateException.class, () -> fake.model.decoder().submit(java.util.Map.of(
                "z", new float[2], "c", new float[2]), 1, Long.MAX_VALUE), "the batchers are closed after the server");
        server.close();
    }

    @Test
    void aDrainKeepsAcceptingCallsAfterHealthTurnsNotServingThenRefusesThem() throws Exception {
        FakeModel fake = new FakeModel(new BatchPolicy(8, Duration.ZERO, 100, 1), true);
        InProcessServer server = new InProcessServer(ModelRegistry.of(List.of(fake.model), "fake"), 100);
        var health = HealthGrpc.newBlockingStub(server.channel);
        GenerateRequest request = GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setClassIndex(1)).setCount(3).build();
        Duration drain = Duration.ofSeconds(3);

        long start = System.nanoTime();
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> {
            try {
                server.server.shutdown(drain, Duration.ofSeconds(20));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Await.until("health says NOT_SERVING", () -> health.check(HealthCheckRequest.getDefaultInstance()).getStatus()
                == ServingStatus.NOT_SERVING);
        CompletableFuture<GenerateResponse> acceptedWhileDraining = server.reactor().generate(request).toFuture();
        fake.decoderFn.awaitFirstRun();
        assertTrue(!server.server.isShutdown(), "still accepting calls while draining");

        Await.until("the drain is over and new calls are refused", server.server::isShutdown);
        assertTrue(System.nanoTime() - start >= drain.toNanos(), "calls were accepted for the whole drain");
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> server.blocking()
                .withDeadlineAfter(10, TimeUnit.SECONDS).generate(request));
        assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());

        fake.decoderFn.open();
        assertEquals(3, acceptedWhileDraining.get(20, TimeUnit.SECONDS).getImagesCount(), "the call accepted while draining finished");
        shutdown.get(20, TimeUnit.SECONDS);
        server.close();
    }
}
