package dev.cvae.server.batch;

/**
 * When a forming batch goes: a pure rule, so it is tested without threads or clocks.
 *
 * <p>A batch goes at once when it is full, and at once when no other inference run is in flight: an idle runner
 * never waits for company, so a lone caller pays no delay. Only while other runs are busy (several workers) does
 * a batch wait for more rows, until its oldest row has waited {@code maxDelayNanos}: rows arriving meanwhile
 * would otherwise queue behind the busy runs anyway. With one worker the batch that holds it is the only run, so
 * it never waits; rows that arrive during a run form the next batch.
 */
record BatchRule(int maxBatch, long maxDelayNanos) {
    BatchRule {
        if (maxBatch < 1) throw new IllegalArgumentException("maxBatch must be >= 1, got " + maxBatch);
        if (maxDelayNanos < 0) throw new IllegalArgumentException("maxDelayNanos must be >= 0, got " + maxDelayNanos);
    }

    static BatchRule of(BatchPolicy policy) {
        return new BatchRule(policy.maxBatch(), policy.maxDelay().toNanos());
    }

    /**
     * How long the forming batch should wait for more rows now that the queue is empty: 0 to send it at once.
     *
     * @param rows                rows in the batch so far
     * @param oldestEnqueuedNanos when its oldest row was queued
     * @param now                 the clock now
     * @param otherRunsInFlight   inference runs executing besides the one this batch will be
     */
    long waitNanos(int rows, long oldestEnqueuedNanos, long now, int otherRunsInFlight) {
        if (rows >= maxBatch || otherRunsInFlight == 0) return 0;
        return Math.max(0, oldestEnqueuedNanos + maxDelayNanos - now);
    }
}
