package dev.cvae.server.batch;

import dev.cvae.server.batch.AdmissionQueue.Part;
import dev.cvae.server.runtime.InferenceFunction;
import dev.cvae.server.runtime.InferenceFunction.Port;
import dev.cvae.server.runtime.InferenceFunction.Workspace;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The execution piece of a batcher: {@code workers} threads, each running one batch at a time through the
 * network. A batch's rows are copied once into the worker's own direct, native-order input buffers (the runtime
 * reads them without another copy), and each request gets its rows of the outputs. A failed run fails each of
 * its requests and the next batch runs as usual.
 *
 * <p>The forming thread {@link #acquire}s a worker before it forms a batch and hands the batch to
 * {@link #execute}, which releases the worker when the run ends. Thread-safe.
 */
final class InferenceRunner {
    private static final Logger log = LoggerFactory.getLogger(InferenceRunner.class);

    private final String name;
    private final InferenceFunction function;
    private final BatchObserver observer;
    private final LongSupplier clock;
    private final Semaphore free;
    private final ExecutorService workers;
    private final int maxBatch;
    private final ThreadLocal<Workspace> workspaces = new ThreadLocal<>();
    private final Queue<Workspace> opened = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    InferenceRunner(String name, InferenceFunction function, int workers, int maxBatch, BatchObserver observer, LongSupplier clock) {
        this.name = name;
        this.function = function;
        this.observer = observer;
        this.clock = clock;
        this.free = new Semaphore(workers);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "infer-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.maxBatch = maxBatch;
    }

    /** Waits until a worker is free and reserves it for the next {@link #execute}. */
    void acquire() throws InterruptedException {
        free.acquire();
    }

    /** Gives back a reserved worker unused. */
    void release() {
        free.release();
    }

    /** Runs executing now. */
    int running() {
        return running.get();
    }

    /** Runs the batch on the reserved worker; the worker is free again when the run ends. */
    void execute(List<Part> batch) {
        running.incrementAndGet();
        try {
            workers.execute(() -> {
                try {
                    run(batch);
                } finally {
                    running.decrementAndGet();
                    free.release();
                }
            });
        } catch (RejectedExecutionException e) { // shut down under the forming thread: fail, never drop
            running.decrementAndGet();
            free.release();
            for (Part part : batch) part.job().fail(new BatcherClosedException(name + " shut down before computing this request"));
        }
    }

    private void run(List<Part> batch) {
        int size = 0;
        for (Part part : batch) size += part.rows();
        long start = clock.getAsLong();
        try {
            Workspace space = workspace();
            List<Port> inputs = function.inputs();
            for (int i = 0; i < inputs.size(); i++) {
                FloatBuffer buf = space.input(i).clear();
                String port = inputs.get(i).name();
                int width = inputs.get(i).width();
                for (Part part : batch) buf.put(part.job().inputs.get(port), part.offset() * width, part.rows() * width);
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

    /** This worker thread's workspace, made on its first batch. */
    private Workspace workspace() throws Exception {
        Workspace space = workspaces.get();
        if (space == null) {
            space = function.workspace(maxBatch);
            workspaces.set(space);
            opened.add(space);
        }
        return space;
    }

    /**
     * Lets running batches finish, up to the deadline, then stops the threads and frees their workspaces; false
     * if a run is still going (its workspace is left open then, like its network).
     */
    boolean shutdown(long deadlineNanos) throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) return false;
        Workspace space;
        while ((space = opened.poll()) != null) space.close();
        return true;
    }
}
