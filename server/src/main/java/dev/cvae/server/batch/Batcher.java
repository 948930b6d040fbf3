package dev.cvae.server.batch;

import dev.cvae.server.runtime.InferenceFunction;
import dev.cvae.server.runtime.InferenceFunction.Port;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micro-batches the rows of many requests for one network into single inference runs.
 *
 * <p>Three pieces, as in Triton's dynamic batcher: admission ({@link #submit}) puts a request's rows on a
 * bounded queue, split into parts of at most {@code maxBatch} rows, or rejects them when the queue is full;
 * one forming thread waits for a free worker, then takes rows until the batch is full or its oldest row has
 * waited {@code maxDelay}, skipping rows whose request was cancelled or whose deadline passed; worker threads
 * run the batch and hand each request its rows. A failed run fails each of its requests.
 *
 * <p>While all workers are busy, rows keep arriving, so batches grow with the load. Inference never runs on
 * the caller's thread. Thread-safe.
 */
public final class Batcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Batcher.class);

    private final String name;
    private final InferenceFunction function;
    private final BatchPolicy policy;
    private final BatchStats stats;
    private final BatchObserver observer;
    private final AtomicInteger runsInFlight = new AtomicInteger();
    private final BlockingDeque<Part> queue = new LinkedBlockingDeque<>();
    private final AtomicInteger queuedRows = new AtomicInteger();
    private final Semaphore freeWorkers;
    private final ExecutorService workers;
    private final Thread former;
    private final ThreadLocal<Map<String, FloatBuffer>> buffers;
    private final Object lifecycle = new Object();
    private volatile boolean accepting = true;

    /** Rows [offset, offset + rows) of a job, queued at {@code enqueuedNanos}. */
    private record Part(InferenceJob job, int offset, int rows, long enqueuedNanos) {
    }

    /** Queued by {@link #close}: everything before it is batched, then the forming thread ends. */
    private static final Part END = new Part(null, 0, 0, 0);
    private volatile boolean ended;

    public Batcher(String name, InferenceFunction function, BatchPolicy policy) {
        this(name, function, policy, BatchObserver.NONE);
    }

    /** @param observer told of every batch and every dropped row, besides the batcher's own {@link #stats()} */
    public Batcher(String name, InferenceFunction function, BatchPolicy policy, BatchObserver observer) {
        this.name = Objects.requireNonNull(name, "name");
        this.function = Objects.requireNonNull(function, "function");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.stats = new BatchStats(policy.maxBatch());
        this.observer = BatchObserver.both(stats, Objects.requireNonNull(observer, "observer"));
        this.freeWorkers = new Semaphore(policy.workers());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(policy.workers(), r -> {
            Thread t = new Thread(r, "infer-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.buffers = ThreadLocal.withInitial(this::allocateBuffers);
        this.former = new Thread(this::formBatches, "batch-" + name);
        this.former.setDaemon(true);
        this.former.start();
    }

    public String name() {
        return name;
    }

    public BatchPolicy policy() {
        return policy;
    }

    /** The network's inputs in its own order: the names and widths {@link #submit} expects. */
    public List<Port> inputs() {
        return function.inputs();
    }

    /** The network's outputs in its own order: the names and widths of every result. */
    public List<Port> outputs() {
        return function.outputs();
    }

    public BatchStats.Snapshot stats() {
        return stats.snapshot();
    }

    /** Rows waiting to be batched. */
    public int queuedRows() {
        return queuedRows.get();
    }

    /** Inference runs executing now (at most the policy's workers). */
    public int runsInFlight() {
        return runsInFlight.get();
    }

    /** Rows waiting whose request still wants them (not cancelled, failed or expired); scans the queue. */
    public int wantedQueuedRows() {
        long now = System.nanoTime();
        int n = 0;
        for (Part part : queue) {
            if (!part.job().isDone() && !part.job().expired(now)) n += part.rows();
        }
        return n;
    }

    /**
     * Queues {@code rows} rows for inference.
     *
     * @param inputs        each input port's rows, {@code rows * width} values
     * @param deadlineNanos {@link System#nanoTime()} after which the rows are dropped uncomputed, or
     *                      {@link Long#MAX_VALUE}
     * @return the outputs of all rows; cancel it to withdraw rows not yet computed
     * @throws QueueFullException when the rows do not fit in the queue
     */
    public CompletableFuture<Map<String, float[]>> submit(Map<String, float[]> inputs, int rows, long deadlineNanos) {
        if (rows < 1) throw new IllegalArgumentException("rows must be >= 1, got " + rows);
        for (Port port : function.inputs()) {
            float[] values = inputs.get(port.name());
            if (values == null || values.length != rows * port.width()) {
                throw new IllegalArgumentException(name + ": input " + port.name() + " needs " + rows * port.width()
                        + " values, got " + (values == null ? "none" : values.length));
            }
        }
        if (!accepting) throw new BatcherClosedException(name + " is shutting down");
        int queued = queuedRows.addAndGet(rows);
        if (queued > policy.maxQueueRows()) {
            queuedRows.addAndGet(-rows);
            observer.rejected(rows);
            throw new QueueFullException(name, rows, queued - rows, policy.maxQueueRows());
        }
        InferenceJob job = new InferenceJob(inputs, rows, deadlineNanos, function.outputs());
        long now = System.nanoTime();
        job.enqueue(rows);
        for (int offset = 0; offset < rows; offset += policy.maxBatch()) {
            queue.addLast(new Part(job, offset, Math.min(policy.maxBatch(), rows - offset), now));
        }
        // a cancelled or failed request frees its queue space at once, not when the forming thread reaches it
        job.result.whenComplete((out, error) -> {
            if (error != null) queuedRows.addAndGet(-job.release());
        });
        return job.result;
    }

    private void formBatches() {
        try {
            while (!ended) {
                freeWorkers.acquire();
                List<Part> batch = form();
                if (batch.isEmpty()) {
                    freeWorkers.release();
                    continue;
                }
                workers.execute(() -> {
                    try {
                        run(batch);
                    } finally {
                        freeWorkers.release();
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() gave up waiting
        }
    }

    /**
     * Takes rows for one batch: until it is full, or its oldest row has waited maxDelay. Meeting {@link #END}
     * ends the batch and marks the batcher ended.
     */
    private List<Part> form() throws InterruptedException {
        List<Part> batch = new ArrayList<>();
        Part head = queue.takeFirst();
        if (head == END) {
            ended = true;
            return batch;
        }
        Part first = takeLive(head);
        if (first == null) return batch;
        batch.add(first);
        int size = first.rows();
        long sendAt = first.enqueuedNanos() + policy.maxDelay().toNanos();
        while (size < policy.maxBatch()) {
            long wait = sendAt - System.nanoTime();
            Part next = wait > 0 ? queue.pollFirst(wait, TimeUnit.NANOSECONDS) : queue.pollFirst();
            if (next == null) break;
            if (next == END) {
                ended = true;
                break;
            }
            next = takeLive(next);
            if (next == null) continue;
            int room = policy.maxBatch() - size;
            if (next.rows() > room) {
                // take what fits; the rest goes back to the head of the queue, still counted as queued
                Part rest = new Part(next.job(), next.offset() + room, next.rows() - room, next.enqueuedNanos());
                if (rest.job().enqueue(rest.rows())) {
                    queuedRows.addAndGet(rest.rows());
                    queue.addFirst(rest);
                }
                next = new Part(next.job(), next.offset(), room, next.enqueuedNanos());
            }
            batch.add(next);
            size += next.rows();
        }
        if (ended && !queue.isEmpty()) {
            // a split remainder went back in front of END's old place: keep forming until it is done
            ended = false;
            queue.addLast(END);
        }
        return batch;
    }

    /** Removes a part from the queue count; returns null when its request is cancelled, failed or expired. */
    private Part takeLive(Part part) {
        InferenceJob job = part.job();
        if (job.dequeue(part.rows())) queuedRows.addAndGet(-part.rows());
        if (job.isDone()) {
            observer.cancelled(part.rows());
            return null;
        }
        if (job.expired(System.nanoTime())) {
            observer.expired(part.rows());
            job.fail(new DeadlineExpiredException(name));
            return null;
        }
        return part;
    }

    private void run(List<Part> batch) {
        int size = batch.stream().mapToInt(Part::rows).sum();
        long start = System.nanoTime();
        runsInFlight.incrementAndGet();
        try {
            Map<String, FloatBuffer> in = buffers.get();
            for (Port port : function.inputs()) {
                FloatBuffer buf = in.get(port.name());
                buf.clear();
                for (Part part : batch) {
                    buf.put(part.job().inputs.get(port.name()), part.offset() * port.width(), part.rows() * port.width());
                }
            }
            Map<String, float[]> out = function.run(in, size);
            long ran = System.nanoTime() - start;
            observer.batchRan(size, start - batch.get(0).enqueuedNanos(), ran);
            for (Part part : batch) observer.partWaited(start - part.enqueuedNanos());
            int row = 0;
            for (Part part : batch) {
                part.job().accept(part.offset(), part.rows(), out, row, function.outputs());
                row += part.rows();
            }
        } catch (Throwable e) {
            observer.batchFailed();
            log.warn("{}: inference run of {} rows failed", name, size, e);
            for (Part part : batch) part.job().fail(e);
        } finally {
            runsInFlight.decrementAndGet();
        }
    }

    private Map<String, FloatBuffer> allocateBuffers() {
        Map<String, FloatBuffer> map = new HashMap<>();
        for (Port port : function.inputs()) {
            map.put(port.name(), ByteBuffer.allocateDirect(policy.maxBatch() * port.width() * Float.BYTES)
                    .order(ByteOrder.nativeOrder()).asFloatBuffer());
        }
        return map;
    }

    /**
     * Stops accepting work, lets queued and running batches finish (up to {@code timeout}), then stops the
     * threads. Work still queued after the timeout fails.
     */
    public void close(long timeout, TimeUnit unit) throws InterruptedException {
        synchronized (lifecycle) {
            if (!accepting) return;
            accepting = false;
        }
        long end = System.nanoTime() + unit.toNanos(timeout);
        queue.addLast(END);
        former.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())));
        former.interrupt();
        workers.shutdown();
        workers.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
        Part left;
        while ((left = queue.pollFirst()) != null) {
            if (left != END) left.job().fail(new BatcherClosedException(name + " shut down before computing this request"));
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(30, TimeUnit.SECONDS);
    }
}
