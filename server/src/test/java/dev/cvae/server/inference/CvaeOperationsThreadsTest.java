package dev.cvae.server.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.testing.FakeModel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    /** Its decoder holds every run until the answer is subscribed to, so that the run completes on the worker. */
    private final FakeModel fake = new FakeModel(new BatchPolicy(2048, Duration.ZERO, 4096, 1), true);
    private final CvaeOperations operations = new CvaeOperations(images);

    @AfterEach
    void close() throws Exception {
        fake.model.encoder().close();
        fake.model.decoder().close();
        images.dispose();
    }

    /** The thread the answer to {@code count} images was built on. */
    private String answeredOn(int count) throws Exception {
        Commands.Generate cmd = new Commands.Generate(fake.model, new float[] {1, 0}, count, 7, 1f, null, ImageFormat.PNG, Long.MAX_VALUE);
        CompletableFuture<String> thread = operations.generate(cmd)
                .map(generated -> {
                    assertEquals(count, generated.images().size());
                    return Thread.currentThread().getName();
                })
                .toFuture();
        fake.decoderFn.open();
        return thread.get(20, TimeUnit.SECONDS);
    }

    @Test
    void anAnswerOfAFewSmallImagesIsBuiltOnTheInferenceWorker() throws Exception {
        // the fake model's images are 2x2: 784 of them are IN_PLACE_PIXELS pixels, as many as four 28x28 images
        String thread = answeredOn(CvaeOperations.IN_PLACE_PIXELS / 4);
        assertTrue(thread.startsWith("infer-fake/decoder"), thread);
    }

    @Test
    void aLargerAnswerIsBuiltOnTheImageScheduler() throws Exception {
        String thread = answeredOn(CvaeOperations.IN_PLACE_PIXELS / 4 + 1);
        assertTrue(thread.startsWith("images-test"), thread);
    }

    /** The thread that emitted the last frame of an interpolation, where its frames are gathered. */
    private String lastFrameOn(FakeModel model, int steps) throws Exception {
        Commands.Endpoint start = new Commands.Endpoint(new float[] {1, 0}, new Commands.Point.Seed(1));
        Commands.Endpoint end = new Commands.Endpoint(new float[] {0, 1}, new Commands.Point.Seed(2));
        CompletableFuture<String> thread = operations.interpolate(new Commands.Interpolate(model.model, start, end, steps, false,
                        ImageFormat.PNG, Long.MAX_VALUE))
                .map(frame -> Thread.currentThread().getName())
                .last()
                .toFuture();
        model.decoderFn.open();
        return thread.get(20, TimeUnit.SECONDS);
    }

    @Test
    void aLongInterpolationIsHandedOffByItsWholeSizeEvenWhenItsLastChunkIsSmall() throws Exception {
        // decoded in chunks of 4 frames: the last chunk holds one 2x2 frame, the whole answer is over the limit
        FakeModel chunked = new FakeModel(new BatchPolicy(4, Duration.ZERO, 4096, 1), true);
        try {
            String thread = lastFrameOn(chunked, CvaeOperations.IN_PLACE_PIXELS / 4 + 1);
            assertTrue(thread.startsWith("images-test"), thread);
        } finally {
            chunked.model.encoder().close();
            chunked.model.decoder().close();
        }
    }

    @Test
    void aShortInterpolationIsAnsweredOnTheWorker() throws Exception {
        String thread = lastFrameOn(fake, 3);
        assertTrue(thread.startsWith("infer-fake/decoder"), thread);
    }
}
