package dev.cvae.server.batch;

import java.time.Duration;

/**
 * How a {@link Batcher} forms batches.
 *
 * @param maxBatch     rows per inference run at most; a larger request is split across runs
 * @param maxDelay     a batch goes when its oldest row has waited this long, full or not
 * @param maxQueueRows rows waiting at most; beyond it new work is rejected, not buffered
 * @param workers      inference runs in flight at once
 */
public record BatchPolicy(int maxBatch, Duration maxDelay, int maxQueueRows, int workers) {
    public BatchPolicy {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        if (maxDelay == null || maxDelay.isNegative()) throw new IllegalArgumentException("maxDelay must be >= 0, got " + maxDelay);
        if (maxQueueRows < 1) throw new IllegalArgumentException("maxQueueRows must be >= 1, got " + maxQueueRows);
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
}
