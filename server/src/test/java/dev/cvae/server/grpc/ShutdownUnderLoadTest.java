package dev.cvae.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.ReactorCvaeServiceGrpc;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.ClosedLoopStreams;
import dev.cvae.server.testing.LoopbackServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A graceful shutdown while 32 streams generate loses nothing: every request sent on an open stream is answered. */
class ShutdownUnderLoadTest {

    @Test
    void everyRequestAcceptedBeforeShutdownIsAnswered() throws Exception {
        try (LoopbackServer s = new LoopbackServer(BundledModels.registry(new BatchPolicy(64, Duration.ZERO, 4096, 1)), 1024)) {
            ClosedLoopStreams load = new ClosedLoopStreams(
                    ReactorCvaeServiceGrpc.newReactorStub(s.channel), 32, (stream, n) -> StreamRequest.newBuilder()
                            .setGenerate(GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setClassIndex(stream % 10)).setCount(4)));
            load.awaitAnswers(500, "the load runs");

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> {
                try {
                    s.server.shutdown(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            load.awaitAnswers(200, "open streams are still answered while the server drains");
            assertTrue(load.stop(30, TimeUnit.SECONDS), "every stream ended; still waiting: " + load.waitingFor);
            shutdown.get(30, TimeUnit.SECONDS);
            load.close();

            assertEquals(Map.of(), load.errors, "no request failed");
            assertEquals(load.sent.get(), load.answered.get(), "every request sent was answered");
        }
    }
}
