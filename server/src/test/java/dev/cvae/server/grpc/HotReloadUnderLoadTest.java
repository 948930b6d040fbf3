package dev.cvae.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.model.ModelMonitor;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.model.ServedModel;
import dev.cvae.server.model.VersionPolicy;
import dev.cvae.server.testing.Await;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.ClosedLoopStreams;
import dev.cvae.server.testing.InProcessServer;
import dev.cvae.server.testing.ModelRepositoryDir;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 64 streams generate without pause while mnist's version is swapped ten times, a bad version is dropped in, and
 * another model is unloaded and loaded again: no request fails, every answer names the version that computed
 * it, and every version swapped out closes its sessions.
 */
class HotReloadUnderLoadTest {
    private static final int STREAMS = 64;

    @TempDir
    Path root;

    /** Counts versions opened and closed: each holds an encoder and a decoder session. */
    private static final class SessionCount implements ModelMonitor {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void opened(ServedModel model) {
            opened.incrementAndGet();
        }

        @Override
        public void closed(ServedModel model) {
            closed.incrementAndGet();
        }
    }

    @Test
    void swapsUnloadsAndABadVersionUnderLoadFailNoRequestAndLeakNoSession() throws Exception {
        ModelRepositoryDir repo = new ModelRepositoryDir(root);
        repo.add("mnist", "mnist/1");
        repo.add("fashion-mnist", "fashion-mnist");
        SessionCount sessions = new SessionCount();
        ModelRegistry registry = ModelRegistry.load(root, BundledModels.loader(new BatchPolicy(64, Duration.ZERO, 4096, 1), sessions),
                VersionPolicy.LATEST, "mnist");
        try (InProcessServer server = new InProcessServer(registry, 1024)) {
            var image = server.blocking().generate(GenerateRequest.newBuilder().setModel("mnist")
                    .setCondition(Condition.newBuilder().setClassIndex(3)).build()).getImages(0).getImage();
            ClosedLoopStreams load = new ClosedLoopStreams(server.reactor(), STREAMS, (stream, n) -> {
                Condition label = Condition.newBuilder().setClassIndex(stream % 10).build();
                // encode with a reconstruction takes two runs, encoder then decoder, on the version it started on
                return n % 2 == 0
                        ? StreamRequest.newBuilder().setEncode(EncodeRequest.newBuilder().setModel("mnist").setImage(image).setCondition(label).setReconstruct(true))
                        : StreamRequest.newBuilder().setGenerate(GenerateRequest.newBuilder().setModel("mnist").setCondition(label).setSeed(stream));
            });

            for (int v = 2; v <= 11; v++) {
                repo.add("mnist", "mnist/" + v);
                registry.sync();
                assertEquals(Integer.toString(v), registry.get("mnist").version());
                load.awaitAnswers(STREAMS, "requests are answered by version " + v);
            }
            repo.addCorrupt("mnist", "mnist/12");
            registry.sync();
            assertEquals("11", registry.get("mnist").version(), "the bad version 12 was refused");
            assertEquals(List.of("1"), registry.unload("fashion-mnist"));
            assertEquals(List.of("1"), registry.load("fashion-mnist"));
            load.awaitAnswers(STREAMS, "requests go on after the last change");

            assertTrue(load.stop(30, TimeUnit.SECONDS), "every stream ended; still waiting: " + load.waitingFor + "; errors: " + load.errors);
            load.close();
            assertEquals(Map.of(), load.errors, "no request failed");
            assertEquals(load.sent.get(), load.answered.get(), "every request was answered once");
            assertTrue(load.versions.contains("1") && load.versions.contains("11") && load.versions.size() >= 6,
                    "answers came from the versions in turn: " + load.versions);

            // 2 at start, 10 swaps, fashion-mnist loaded again; 10 old mnist versions and one fashion-mnist closed
            Await.until("every swapped-out version is closed", () -> sessions.closed.get() == 11);
            assertEquals(13, sessions.opened.get());
            assertEquals(2, sessions.opened.get() - sessions.closed.get(), "only the two served versions hold sessions");
        }
    }
}
