package dev.cvae.server.batch;

import dev.cvae.server.runtime.InferenceFunction.Port;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import javax.annotation.concurrent.GuardedBy;

/**
 * The rows of one request for one network. It may be computed in parts, in several batches; its future
 * completes with all output rows once every part is done, or fails with the first failure.
 *
 * <p>Ownership: the batcher owns the job from {@link Batcher#submit} until the future completes. Cancelling
 * the future withdraws the rows not yet computed. Thread-safe.
 */
final class InferenceJob {
    final Map<String, float[]> inputs;
    final int rows;
    final long deadlineNanos;
    final CompletableFuture<Map<String, float[]>> result = new CompletableFuture<>();
    private final Map<String, float[]> outputs = new LinkedHashMap<>();
    private final AtomicInteger remaining;
    private final Object queueLock = new Object();
    @GuardedBy("queueLock") private int queuedRows;
    @GuardedBy("queueLock") private boolean released;

    InferenceJob(Map<String, float[]> inputs, int rows, long deadlineNanos, List<Port> outputPorts) {
        this.inputs = inputs;
        this.rows = rows;
        this.deadlineNanos = deadlineNanos;
        this.remaining = new AtomicInteger(rows);
        for (Port port : outputPorts) outputs.put(port.name(), new float[rows * port.width()]);
    }

    /**
     * Counts {@code rows} of this job as waiting in the batcher's queue. False when the job has already
     * released its queue space (it was cancelled or failed): the rows must not be queued then.
     */
    boolean enqueue(int rows) {
        synchronized (queueLock) {
            if (released) return false;
            queuedRows += rows;
            return true;
        }
    }

    /** Takes {@code rows} out of the queue count; false if {@link #release} already gave them back. */
    boolean dequeue(int rows) {
        synchronized (queueLock) {
            if (released) return false;
            queuedRows -= rows;
            return true;
        }
    }

    /** Gives back all queue space this job still holds, once; returns how many rows that was. */
    int release() {
        synchronized (queueLock) {
            if (released) return 0;
            released = true;
            int n = queuedRows;
            queuedRows = 0;
            return n;
        }
    }

    boolean isDone() {
        return result.isDone();
    }

    boolean expired(long now) {
        return now - deadlineNanos > 0;
    }

    /** Copies rows {@code [batchRow, batchRow + count)} of a batch's outputs into rows from {@code offset}. */
    void accept(int offset, int count, Map<String, float[]> batchOutputs, int batchRow, List<Port> outputPorts) {
        for (Port port : outputPorts) {
            System.arraycopy(batchOutputs.get(port.name()), batchRow * port.width(),
                    outputs.get(port.name()), offset * port.width(), count * port.width());
        }
        if (remaining.addAndGet(-count) == 0) result.complete(outputs);
    }

    void fail(Throwable error) {
        result.completeExceptionally(error);
    }
}
