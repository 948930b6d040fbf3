package dev.cvae.server.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.testing.FakeModel;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Where answers are built: a small one on the inference worker that computed it (a hand-off would cost more than
 * the encoding), a large one on the image scheduler, so the worker goes on to its next batch.
 */
class CvaeOperationsThreadsTest {
    private final Scheduler images = Schedulers.newSingle("images-test", true);
    private final FakeModel fake = new FakeModel(new BatchPolicy(2048, Duration.ZERO, 4096, 1), false);
    private final CvaeOperations operations = new CvaeOperations(images);

    @AfterEach
    void close() throws Exception {
        fake.model.encoder().close();
        fake.model.decoder().close();
        images.dispose();
    }

    /** The thread the answer to {@code count} images was built on. */
    private String answeredOn(int count) {
        Commands.Generate cmd = new Commands.Generate(fake.model, new float[] {1, 0}, count, 7, 1f, null, ImageFormat.PNG, Long.MAX_VALUE);
        return operations.generate(cmd)
                .map(generated -> {
                    assertEquals(count, generated.images().size());
                    return Thread.currentThread().getName();
                })
                .block(Duration.ofSeconds(20));
    }

    @Test
    void anAnswerOfAFewSmallImagesIsBuiltOnTheInferenceWorker() {
        // the fake model's images are 2x2: 784 of them are as many pixels as one 28x28 image
        String thread = answeredOn(CvaeOperations.IN_PLACE_PIXELS / 4);
        assertTrue(thread.startsWith("infer-fake/decoder"), thread);
    }

    @Test
    void aLargerAnswerIsBuiltOnTheImageScheduler() {
        String thread = answeredOn(CvaeOperations.IN_PLACE_PIXELS / 4 + 1);
        assertTrue(thread.startsWith("images-test"), thread);
    }
}
