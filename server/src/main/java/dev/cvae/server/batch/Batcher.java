package dev.cvae.server.batch;

import dev.cvae.server.batch.AdmissionQueue.Part;
import dev.cvae.server.runtime.InferenceFunction;
import dev.cvae.server.runtime.InferenceFunction.Port;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Micro-batches the rows of many requests for one network into single inference runs.
 *
 * <p>Three pieces, as in Triton's dynamic batcher: admission ({@link AdmissionQueue}: the bound, the split into
 * parts, withdrawal on cancel), forming (this class, deciding with {@link BatchRule} when a batch goes) and
 * execution ({@link InferenceRunner}: the workers). A worker that is free forms its own next batch, one worker at a
 * time: it takes queued rows until the batch is full or the queue is empty, then runs it, so no thread hands a
 * batch to another and a lone caller pays no delay. Rows that arrive while the workers are busy form the next
 * batch, so batches grow with the load. Rows whose request was cancelled or whose deadline passed are dropped when
 * taken. Inference never runs on the caller's thread; requests complete on the worker.
 *
 * <p>Lifecycle: running from construction; {@link #close} stops admission, lets queued work finish, stops the
 * workers and closes the network when it is {@link AutoCloseable} (an ONNX Runtime session): the batcher owns the
 * network it is given. Thread-safe.
 */
public final class Batcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Batcher.class);

    private final String name;
    private final InferenceFunction function;
    private final BatchPolicy policy;
    private final BatchRule rule;
    private final BatchStats stats;
    private final BatchObserver observer;
    private final AdmissionQueue queue;
    private final InferenceRunner runner;
    /** Held by the worker forming a batch: one at a time, so batches are formed in queue order. */
    private final ReentrantLock forming = new ReentrantLock();
    private final Object lifecycle = new Object();
    private volatile boolean accepting = true;

    public Batcher(String name, InferenceFunction function, BatchPolicy policy) {
        this(name, function, policy, BatchObserver.NONE);
    }

    /** @param observer told of every batch and every dropped row, besides the batcher's own {@link #stats()} */
    public Batcher(String name, InferenceFunction function, BatchPolicy policy, BatchObserver observer) {
        this(name, function, policy, observer, System::nanoTime);
    }

    /** @param clock the time source of queue stamps, deadlines and delays ({@link System#nanoTime()} but in tests) */
    Batcher(String name, InferenceFunction function, BatchPolicy policy, BatchObserver observer, LongSupplier clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.function = Objects.requireNonNull(function, "function");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.rule = BatchRule.of(policy);
        this.stats = new BatchStats(policy.maxBatch());
        this.observer = BatchObserver.both(stats, Objects.requireNonNull(observer, "observer"));
        this.queue = new AdmissionQueue(name, policy.maxQueueRows(), policy.maxBatch(), Objects.requireNonNull(clock, "clock"), this.observer);
        this.runner = new InferenceRunner(name, function, policy.workers(), policy.maxBatch(), this.observer, clock, this::nextBatch);
    }

    public String name() {
        return name;
    }

    public BatchPolicy policy() {
        return policy;
    }

    /** The network's input tensors, each [N, width], in the order the network declares them. */
    public List<Port> inputs() {
        return function.inputs();
    }

    /** The network's output tensors, each [N, width]. */
    public List<Port> outputs() {
        return function.outputs();
    }

    public BatchStats.Snapshot stats() {
        return stats.snapshot();
    }

    /** Rows waiting to be batched; a cancelled request's rows leave at once. */
    public int queuedRows() {
        return queue.rows();
    }

    /** Inference runs executing now (at most the policy's workers). */
    public int runsInFlight() {
        return runner.running();
    }

    /**
     * Queues {@code rows} rows for inference.
     *
     * @param inputs        each input port's rows, {@code rows * width} values
     * @param deadlineNanos {@link System#nanoTime()} after which the rows are dropped uncomputed, or
     *                      {@link Long#MAX_VALUE}
     * @return the outputs of all rows; cancel it to withdraw rows not yet computed
     * @throws QueueFullException     when the rows do not fit in the queue now
     * @throws RequestTooLargeException when the rows could never fit in the queue
     * @throws BatcherClosedException once {@link #close} has begun
     */
    public CompletableFuture<Map<String, float[]>> submit(Map<String, float[]> inputs, int rows, long deadlineNanos) {
        if (rows < 1) throw new IllegalArgumentException("rows must be >= 1, got " + rows);
        List<Port> ports = function.inputs();
        float[][] byPort = new float[ports.size()][];
        for (int i = 0; i < byPort.length; i++) {
            Port port = ports.get(i);
            float[] values = inputs.get(port.name());
            if (values == null || values.length != rows * port.width()) {
                throw new IllegalArgumentException(name + ": input " + port.name() + " needs " + rows * port.width()
                        + " values, got " + (values == null ? "none" : values.length));
            }
            byPort[i] = values;
        }
        if (!accepting) throw new BatcherClosedException(name + " is shutting down"); // the queue checks again, under its lock
        InferenceJob job = new InferenceJob(byPort, rows, deadlineNanos, function.outputs());
        queue.admit(job);
        return job.result;
    }

    /**
     * A free worker's next batch: formed by one worker at a time, skipping batches whose parts were all dead; null
     * once the queue is closed and empty. When forming fails, the parts taken fail with it and the worker goes on.
     */
    private List<Part> nextBatch() throws InterruptedException {
        forming.lockInterruptibly();
        try {
            while (true) {
                List<Part> batch = new ArrayList<>();
                try {
                    if (!form(batch)) return null;
                } catch (InterruptedException e) { // close() stopped waiting for the queue to drain
                    for (Part part : batch) part.job().fail(new BatcherClosedException(name + " shut down before computing this request"));
                    throw e;
                } catch (RuntimeException | Error e) {
                    log.error("{}: forming a batch failed; failing its requests", name, e);
                    for (Part part : batch) part.job().fail(e);
                    continue;
                }
                if (!batch.isEmpty()) return batch;
            }
        } finally {
            forming.unlock();
        }
    }

    /**
     * Fills {@code batch}: the oldest live part, then whatever is queued, up to the maximum batch, waiting for more
     * only as {@link BatchRule} says. It stays empty when every part taken was dead; false once the queue is closed
     * and empty.
     */
    private boolean form(List<Part> batch) throws InterruptedException {
        Part first = queue.take();
        if (first == null) return false;
        int size = add(batch, 0, first);
        while (size < policy.maxBatch()) {
            Part next = queue.poll();
            if (next == null) {
                if (batch.isEmpty()) break;
                long wait = rule.waitNanos(size, batch.get(0).enqueuedNanos(), queue.now(), runner.running());
                if (wait == 0 || (next = queue.poll(wait)) == null) break;
            }
            size = add(batch, size, next);
        }
        return true;
    }

    /**
     * Adds the part's rows that fit (the rest goes back to the head of the queue) unless its request is
     * cancelled or expired; returns the batch's new size.
     */
    private int add(List<Part> batch, int size, Part part) {
        try {
            return addTaken(batch, size, part);
        } catch (RuntimeException | Error e) { // the part is in neither the queue nor the batch: fail it here
            part.job().fail(e);
            throw e;
        }
    }

    private int addTaken(List<Part> batch, int size, Part part) {
        InferenceJob job = part.job();
        if (job.isDone()) {
            observer.cancelled(part.rows());
            return size;
        }
        if (queue.expired(part)) {
            observer.expired(part.rows());
            job.fail(new DeadlineExpiredException(name));
            return size;
        }
        int room = policy.maxBatch() - size;
        if (part.rows() > room) {
            queue.putBack(part.tail(room));
            part = part.head(room);
        }
        batch.add(part);
        return size + part.rows();
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
        queue.close(); // no more admissions; the workers drain the queue, then end
        boolean stopped = runner.shutdown(end);
        Part left;
        while ((left = queue.poll()) != null) {
            left.job().fail(new BatcherClosedException(name + " shut down before computing this request"));
        }
        if (!stopped) {
            log.warn("{}: a run outlived the shutdown timeout; its network is left open rather than freed under it", name);
        } else if (function instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("{}: closing the network failed", name, e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(30, TimeUnit.SECONDS);
    }
}
