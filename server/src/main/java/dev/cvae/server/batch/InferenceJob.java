package dev.cvae.server.batch;

import dev.cvae.server.runtime.InferenceFunction.Port;
import dev.cvae.server.runtime.InferenceFunction.Workspace;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The rows of one request for one network. It may be computed in parts, in several batches; its future
 * completes with all output rows once every part is done, or fails with the first failure.
 *
 * <p>Ownership: the batcher owns the job from {@link Batcher#submit} until the future completes. Cancelling
 * the future withdraws the parts not yet taken ({@link AdmissionQueue}). Thread-safe.
 */
final class InferenceJob {
    /** Each input port's rows, in the network's port order. */
    final float[][] inputs;
    final int rows;
    final long deadlineNanos;
    final CompletableFuture<Map<String, float[]>> result = new CompletableFuture<>();
    /** Each output port's rows, in port order; the same arrays as the result's {@link #outputs} by name. */
    private final float[][] outputRows;
    private final Map<String, float[]> outputs = new LinkedHashMap<>();
    private final AtomicInteger remaining;
    /** Parts of this job in its batcher's queue; guarded by the {@link AdmissionQueue}'s lock. */
    int queuedParts;

    InferenceJob(float[][] inputs, int rows, long deadlineNanos, List<Port> outputPorts) {
        this.inputs = inputs;
        this.rows = rows;
        this.deadlineNanos = deadlineNanos;
        this.remaining = new AtomicInteger(rows);
        this.outputRows = new float[outputPorts.size()][];
        for (int i = 0; i < outputRows.length; i++) {
            outputRows[i] = new float[rows * outputPorts.get(i).width()];
            outputs.put(outputPorts.get(i).name(), outputRows[i]);
        }
    }

    boolean isDone() {
        return result.isDone();
    }

    /** Copies rows {@code [batchRow, batchRow + count)} of a batch's outputs into rows from {@code offset}. */
    void accept(int offset, int count, Workspace batch, int batchRow, List<Port> outputPorts) {
        for (int i = 0; i < outputPorts.size(); i++) {
            Port port = outputPorts.get(i);
            batch.output(i).get(batchRow * port.width(), outputRows[i], offset * port.width(), count * port.width());
        }
        if (remaining.addAndGet(-count) == 0) result.complete(outputs);
    }

    void fail(Throwable error) {
        result.completeExceptionally(error);
    }
}
