package dev.cvae.server.batch;

import dev.cvae.server.batch.AdmissionQueue.Part;
import dev.cvae.server.runtime.InferenceFunction;
import dev.cvae.server.runtime.InferenceFunction.Port;
import dev.cvae.server.runtime.InferenceFunction.Workspace;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution piece of a batcher: {@code workers} threads, each asking the batcher for its next batch as soon as
 * it is free ({@link BatchSource}: forming happens on the worker, one worker at a time, so no thread hands a batch
 * to another) and running it through the network. A batch's rows are copied once into the worker's own {@link
 * Workspace} (direct, native-order buffers that ONNX Runtime reads and writes in place), and each request copies
 * its rows of the outputs once. Requests complete on the worker. A failed run fails each of its requests and the
 * next batch runs as usual. Thread-safe.
 */
final class InferenceRunner {
    private static final Logger log = LoggerFactory.getLogger(InferenceRunner.class);

    /** Where a free worker gets its next batch. */
    interface BatchSource {
        /**
         * The next batch to run, waiting for rows as long as needed; null once there will be no more.
         *
         * @throws InterruptedException when the worker is stopped while it waits
         */
        List<Part> next() throws InterruptedException;
    }

    private final String name;
    private final InferenceFunction function;
    private final BatchObserver observer;
    private final LongSupplier clock;
    private final BatchSource source;
    private final ExecutorService workers;
    private final int maxBatch;
    private final AtomicInteger running = new AtomicInteger();

    /** Starts the workers. */
    InferenceRunner(String name, InferenceFunction function, int workers, int maxBatch, BatchObserver observer, LongSupplier clock,
                    BatchSource source) {
        this.name = name;
        this.function = function;
        this.observer = observer;
        this.clock = clock;
        this.source = source;
        this.maxBatch = maxBatch;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "infer-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < workers; i++) this.workers.execute(new Worker());
    }

    /** Runs executing now. */
    int running() {
        return running.get();
    }

    /** One worker thread: its loop, and its workspace, made on its first batch and freed when the loop ends. */
    private final class Worker implements Runnable {
        private Workspace space;

        /**
         * Batch after batch until the source has no more or the worker is stopped. Whatever a batch throws (an
         * observer's failure, say) fails that batch's requests, never the worker, which goes on. A run that outlives
         * the shutdown's deadline frees its workspace when it ends.
         */
        @Override
        public void run() {
            try {
                List<Part> batch;
                while ((batch = source.next()) != null) {
                    running.incrementAndGet();
                    try {
                        run(batch);
                    } catch (RuntimeException | Error e) {
                        log.error("{}: a batch of {} requests failed outside its run", name, batch.size(), e);
                        for (Part part : batch) part.job().fail(e);
                    } finally {
                        running.decrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stopped by shutdown after its deadline
            } finally {
                if (space != null) space.close();
            }
        }

        private void run(List<Part> batch) {
            int size = 0;
            for (Part part : batch) size += part.rows();
            long start = clock.getAsLong();
            try {
                Workspace space = space();
                List<Port> inputs = function.inputs();
                for (int i = 0; i < inputs.size(); i++) {
                    FloatBuffer buf = space.input(i).clear();
                    int width = inputs.get(i).width();
                    for (Part part : batch) buf.put(part.job().inputs[i], part.offset() * width, part.rows() * width);
                }
                space.run(size);
                observer.batchRan(size, start - batch.get(0).enqueuedNanos(), clock.getAsLong() - start);
                for (Part part : batch) observer.partWaited(start - part.enqueuedNanos());
                int row = 0;
                for (Part part : batch) {
                    part.job().accept(part.offset(), part.rows(), space, row, function.outputs());
                    row += part.rows();
                }
            } catch (Throwable e) {
                observer.batchFailed();
                log.warn("{}: inference run of {} rows failed", name, size, e);
                for (Part part : batch) part.job().fail(e);
            }
        }

        private Workspace space() throws Exception {
            if (space == null) space = function.workspace(maxBatch);
            return space;
        }
    }

    /**
     * Waits, up to the deadline, for the workers to end (they end once the source has no more batches, freeing
     * their workspaces), then stops those still waiting; false if a run is still going (it frees its workspace when
     * it ends; the network is left open).
     */
    boolean shutdown(long deadlineNanos) throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            workers.shutdownNow(); // interrupts workers waiting for rows; a run in progress goes on
            if (!workers.awaitTermination(1, TimeUnit.SECONDS)) return false;
        }
        return true;
    }
}
