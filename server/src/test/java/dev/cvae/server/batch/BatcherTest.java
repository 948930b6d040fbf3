package dev.cvae.server.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.server.runtime.InferenceFunction;
import dev.cvae.server.runtime.InferenceFunction.Workspace;
import dev.cvae.server.testing.Await;
import dev.cvae.server.testing.GatedFunction;
import java.nio.FloatBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatcherTest {
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    private Batcher batcher;

    private Batcher batcher(GatedFunction fn, int maxBatch, Duration maxDelay, int maxQueue) {
        batcher = new Batcher("test", fn, new BatchPolicy(maxBatch, maxDelay, maxQueue, 1));
        return batcher;
    }

    private static Map<String, float[]> rows(float... x) {
        return Map.of("x", x);
    }

    private static float[] y(CompletableFuture<Map<String, float[]>> f) throws Exception {
        return f.get(20, TimeUnit.SECONDS).get("y");
    }

    @AfterEach
    void close() throws InterruptedException {
        if (batcher != null) batcher.close(5, TimeUnit.SECONDS);
    }

    @Test
    void rowsArrivingWhileTheWorkerIsBusyShareTheNextRun() throws Exception {
        GatedFunction fn = new GatedFunction(true);
        Batcher b = batcher(fn, 64, Duration.ZERO, 1000);
        CompletableFuture<Map<String, float[]>> first = b.submit(rows(100), 1, NO_DEADLINE);
        fn.awaitFirstRun();
        List<CompletableFuture<Map<String, float[]>>> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) waiting.add(b.submit(rows(i), 1, NO_DEADLINE));
        assertEquals(10, b.queuedRows());
        fn.open();
        assertArrayEquals(new float[] {200}, y(first));
        for (int i = 0; i < 10; i++) assertArrayEquals(new float[] {2 * i}, y(waiting.get(i)));

        BatchStats.Snapshot stats = b.stats();
        assertEquals(2, stats.batches());
        assertEquals(11, stats.rows());
        assertEquals(10, stats.maxBatchSize(), "the ten waiting rows ran as one batch");
        assertEquals(List.of(List.of(100f), List.of(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f)), fn.batches());
    }

    @Test
    void aRequestLargerThanTheMaximumBatchIsSplitAcrossRunsInOrder() throws Exception {
        GatedFunction fn = new GatedFunction(false);
        Batcher b = batcher(fn, 4, Duration.ZERO, 1000);
        float[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] out = y(b.submit(rows(x), 10, NO_DEADLINE));
        assertArrayEquals(new float[] {0, 2, 4, 6, 8, 10, 12, 14, 16, 18}, out);
        assertEquals(3, b.stats().batches());
        assertEquals(4, b.stats().maxBatchSize());
    }

    @Test
    void aPartThatDoesNotFitIsSplitSoBatchesStayFull() throws Exception {
        GatedFunction fn = new GatedFunction(true);
        Batcher b = batcher(fn, 4, Duration.ZERO, 1000);
        CompletableFuture<Map<String, float[]>> blocker = b.submit(rows(-1), 1, NO_DEADLINE);
        fn.awaitFirstRun();
        CompletableFuture<Map<String, float[]>> a = b.submit(rows(1, 2, 3), 3, NO_DEADLINE);
        CompletableFuture<Map<String, float[]>> c = b.submit(rows(4, 5, 6), 3, NO_DEADLINE);
        fn.open();
        y(blocker);
        assertArrayEquals(new float[] {2, 4, 6}, y(a));
        assertArrayEquals(new float[] {8, 10, 12}, y(c));
        assertEquals(List.of(List.of(-1f), List.of(1f, 2f, 3f, 4f), List.of(5f, 6f)), fn.batches());
    }

    @Test
    void aLoneRowGoesAtOnceWhenTheRunnerIsIdleWhateverTheDelay() throws Exception {
        GatedFunction fn = new GatedFunction(false);
        Batcher b = batcher(fn, 64, Duration.ofHours(1), 1000);
        assertArrayEquals(new float[] {14}, y(b.submit(rows(7), 1, NO_DEADLINE)), "an hour's delay is not waited out");
        assertArrayEquals(new float[] {16}, y(b.submit(rows(8), 1, NO_DEADLINE)));
        assertEquals(List.of(List.of(7f), List.of(8f)), fn.batches());
    }

    @Test
    void whileAnotherRunIsBusyABatchWaitsForCompanyUpToTheDelay() throws Exception {
        GatedFunction fn = new GatedFunction(true);
        batcher = new Batcher("two-workers", fn, new BatchPolicy(2, Duration.ofHours(1), 1000, 2));
        CompletableFuture<Map<String, float[]>> held = batcher.submit(rows(1), 1, NO_DEADLINE);
        fn.awaitFirstRun();
        CompletableFuture<Map<String, float[]>> b = batcher.submit(rows(2), 1, NO_DEADLINE);
        CompletableFuture<Map<String, float[]>> c = batcher.submit(rows(3), 1, NO_DEADLINE);
        fn.open();
        assertArrayEquals(new float[] {2}, y(held));
        assertArrayEquals(new float[] {4}, y(b));
        assertArrayEquals(new float[] {6}, y(c));
        assertEquals(2, batcher.stats().batches(), "the second row waited for the third instead of running alone");
        assertTrue(fn.batches().contains(List.of(2f, 3f)), fn.batches().toString());
    }

    @Test
    void aLoneRowGoesWithoutWaitingForAFullBatch() throws Exception {
        GatedFunction fn = new GatedFunction(false);
        Batcher b = batcher(fn, 64, Duration.ofMillis(5), 1000);
        assertArrayEquals(new float[] {14}, y(b.submit(rows(7), 1, NO_DEADLINE)));
        assertEquals(1, b.stats().maxBatchSize());
    }

    @Test
    void aFullQueueRejectsNewWorkInsteadOfBufferingIt() throws Exception {
        GatedFunction fn = new GatedFunction(true);
        Batcher b = batcher(fn, 64, Duration.ZERO, 5);
        CompletableFuture<Map<String, float[]>> running = b.submit(rows(1), 1, NO_DEADLINE);
        fn.awaitFirstRun();
        CompletableFuture<Map<String, float[]>> queued = b.submit(rows(1, 2, 3, 4, 5), 5, NO_DEADLINE);
        QueueFullException e = assertThrows(QueueFullException.class, () -> b.submit(rows(9), 1, NO_DEADLINE));
        assertEquals("test queue is full: 5 rows waiting, 1 more would exceed the limit of 5", e.getMessage());
        assertEquals(1, b.stats().rejectedRows());
        fn.open();
        y(running);
        y(queued);
    }

    @Test
    void aRequestLargerThanTheWholeQueueIsRefusedAsTooLargeNotAsAFullQueue() {
        Batcher b = batcher(new GatedFunction(false), 4, Duration.ZERO, 5);
        RequestTooLargeException e = assertThrows(RequestTooLargeException.class, () -> b.submit(rows(1, 2, 3, 4, 5, 6), 6, NO_DEADLINE));
        assertEquals("a request of 6 rows is larger than the queue of test (5 rows); ask for at most 5 at once", e.getMessage());
        assertEquals(6, b.stats().rejectedRows());
    }

    @Test
    void cancelledWorkIsNeverComputed() throws Exception {
        GatedFunction fn = new GatedFunction(true);
        Batcher b = batcher(fn, 64, Duration.ZERO, 1000);
        CompletableFuture<Map<String, float[]>> running = b.submit(rows(1), 1, NO_DEADLINE);
        fn.awaitFirstRun();
        CompletableFuture<Map<String, float[]>> cancelled = b.submit(rows(50, 51), 2, NO_DEADLINE);
        cancelled.cancel(true);
        assertEquals(0, b.queuedRows(), "the cancelled rows left the queue at once");
        fn.open();
        y(running);
        y(b.submit(rows(3), 1, NO_DEADLINE)); // queued after the cancelled rows, so they were taken before it
        assertEquals(List.of(List.of(1f), List.of(3f)), fn.batches());
        assertEquals(2, b.stats().cancelledRows());
    }

    @Test
    void cancelledWorkFreesItsQueueSpaceAtOnce() throws Exception {
        GatedFunction fn = new GatedFunction(true);
        Batcher b = batcher(fn, 64, Duration.ZERO, 2);
        CompletableFuture<Map<String, float[]>> running = b.submit(rows(1), 1, NO_DEADLINE);
        fn.awaitFirstRun();
        CompletableFuture<Map<String, float[]>> cancelled = b.submit(rows(7, 8), 2, NO_DEADLINE);
        assertThrows(QueueFullException.class, () -> b.submit(rows(9), 1, NO_DEADLINE));
        cancelled.cancel(true);
        assertEquals(0, b.queuedRows(), "the space is free before the forming thread reaches the dead rows");
        CompletableFuture<Map<String, float[]>> accepted = b.submit(rows(3, 4), 2, NO_DEADLINE);
        fn.open();
        y(running);
        assertArrayEquals(new float[] {6, 8}, y(accepted));
        assertEquals(List.of(List.of(1f), List.of(3f, 4f)), fn.batches());
        assertEquals(2, b.stats().cancelledRows());
        assertEquals(0, b.queuedRows());
    }

    @Test
    void rowsWhoseDeadlinePassedWhileQueuedAreDroppedWithAnError() throws Exception {
        GatedFunction fn = new GatedFunction(true);
        Batcher b = batcher(fn, 64, Duration.ZERO, 1000);
        CompletableFuture<Map<String, float[]>> running = b.submit(rows(1), 1, NO_DEADLINE);
        fn.awaitFirstRun();
        long alreadyPassed = System.nanoTime() - 1;
        CompletableFuture<Map<String, float[]>> late = b.submit(rows(60), 1, alreadyPassed);
        fn.open();
        y(running);
        ExecutionException e = assertThrows(ExecutionException.class, () -> late.get(20, TimeUnit.SECONDS));
        assertInstanceOf(DeadlineExpiredException.class, e.getCause());
        assertEquals(List.of(List.of(1f)), fn.batches());
        assertEquals(1, b.stats().expiredRows());
    }

    @Test
    void aFailedRunFailsEachOfItsRequests() throws Exception {
        GatedFunction fn = new GatedFunction(true);
        Batcher b = batcher(fn, 64, Duration.ZERO, 1000);
        CompletableFuture<Map<String, float[]>> first = b.submit(rows(1), 1, NO_DEADLINE);
        fn.awaitFirstRun();
        CompletableFuture<Map<String, float[]>> second = b.submit(rows(2), 1, NO_DEADLINE);
        CompletableFuture<Map<String, float[]>> third = b.submit(rows(3), 1, NO_DEADLINE);
        fn.failWith(new IllegalStateException("boom"));
        fn.open();
        for (CompletableFuture<Map<String, float[]>> f : List.of(first, second, third)) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(20, TimeUnit.SECONDS));
            assertEquals("boom", e.getCause().getMessage());
        }
        assertEquals(2, b.stats().failedBatches());
    }

    @Test
    void inputsOfTheWrongSizeAreRefusedWithTheirName() {
        Batcher b = batcher(new GatedFunction(false), 4, Duration.ZERO, 10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.submit(rows(1, 2), 3, NO_DEADLINE));
        assertEquals("test: input x needs 3 values, got 2", e.getMessage());
    }

    @Test
    void policyRejectsNonsenseWithTheFieldName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BatchPolicy(0, Duration.ZERO, 1, 1));
        assertEquals("maxBatch must be >= 1, got 0", e.getMessage());
        assertTrue(new BatchPolicy(1, Duration.ZERO, 1, 1).maxDelay().isZero());
    }

    @Test
    void closeClosesTheNetworkItOwnsOnceTheWorkIsDoneAndItsWorkspacesBeforeIt() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        List<String> closings = new CopyOnWriteArrayList<>();
        GatedFunction gated = new GatedFunction(false);
        class ClosableNetwork implements InferenceFunction, AutoCloseable {
            public List<Port> inputs() {
                return gated.inputs();
            }

            public List<Port> outputs() {
                return gated.outputs();
            }

            public Map<String, float[]> run(Map<String, FloatBuffer> in, int rows) throws Exception {
                return gated.run(in, rows);
            }

            public Workspace workspace(int maxRows) throws Exception {
                Workspace space = InferenceFunction.super.workspace(maxRows);
                return new Workspace() {
                    public FloatBuffer input(int i) {
                        return space.input(i);
                    }

                    public void run(int rows) throws Exception {
                        space.run(rows);
                    }

                    public FloatBuffer output(int i) {
                        return space.output(i);
                    }

                    public void close() {
                        closings.add("workspace");
                    }
                };
            }

            public void close() {
                closed.incrementAndGet();
                closings.add("network");
            }
        }
        Batcher b = new Batcher("owning", new ClosableNetwork(), new BatchPolicy(4, Duration.ZERO, 10, 1));
        assertArrayEquals(new float[] {2}, y(b.submit(rows(1), 1, NO_DEADLINE)));
        assertEquals(0, closed.get());
        b.close(5, TimeUnit.SECONDS);
        b.close(5, TimeUnit.SECONDS);
        assertEquals(1, closed.get(), "closed once, after the work");
        assertEquals(List.of("workspace", "network"), closings, "the worker's workspace is freed before its network");
    }

    @Test
    void closeLetsQueuedWorkFinish() throws Exception {
        GatedFunction fn = new GatedFunction(true);
        Batcher b = new Batcher("closing", fn, new BatchPolicy(2, Duration.ZERO, 100, 1));
        CompletableFuture<Map<String, float[]>> running = b.submit(rows(1), 1, NO_DEADLINE);
        fn.awaitFirstRun();
        CompletableFuture<Map<String, float[]>> queued = b.submit(rows(2, 3, 4), 3, NO_DEADLINE);
        Thread closer = new Thread(() -> {
            try {
                b.close(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        closer.start();
        Await.until("the batcher stops accepting", () -> {
            try {
                b.submit(rows(9), 1, NO_DEADLINE);
                return false;
            } catch (IllegalStateException e) {
                return true;
            }
        });
        fn.open();
        closer.join();
        assertArrayEquals(new float[] {2}, y(running));
        assertArrayEquals(new float[] {4, 6, 8}, y(queued));
    }
}
