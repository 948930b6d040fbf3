package dev.cvae.server.batch;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one batcher, updated as batches run: how many runs, how many rows, the size of each run, and the
 * rows that never ran (cancelled, expired, rejected). Every batcher keeps one, for its tests and benchmarks;
 * metrics observe the same events through their own {@link BatchObserver}. Thread-safe; {@link #snapshot()} reads
 * them at once.
 */
public final class BatchStats implements BatchObserver {
    private final LongAdder batches = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder cancelledRows = new LongAdder();
    private final LongAdder expiredRows = new LongAdder();
    private final LongAdder rejectedRows = new LongAdder();
    private final LongAdder failedBatches = new LongAdder();
    private final LongAdder queueNanos = new LongAdder();
    private final LongAdder runNanos = new LongAdder();
    private final AtomicLongArray sizes;

    BatchStats(int maxBatch) {
        sizes = new AtomicLongArray(maxBatch + 1);
    }

    @Override
    public void batchRan(int size, long waitedNanos, long ranNanos) {
        batches.increment();
        rows.add(size);
        sizes.incrementAndGet(size);
        queueNanos.add(waitedNanos);
        runNanos.add(ranNanos);
    }

    @Override
    public void batchFailed() {
        failedBatches.increment();
    }

    @Override
    public void cancelled(int n) {
        cancelledRows.add(n);
    }

    @Override
    public void expired(int n) {
        expiredRows.add(n);
    }

    @Override
    public void rejected(int n) {
        rejectedRows.add(n);
    }

    /**
     * @param batchSizes count of runs per batch size, indexed by size
     */
    public record Snapshot(long batches, long rows, long cancelledRows, long expiredRows, long rejectedRows,
                           long failedBatches, long[] batchSizes, double meanQueueMillis, double meanRunMillis) {
        /** The largest batch that ran. */
        public int maxBatchSize() {
            for (int i = batchSizes.length - 1; i > 0; i--) if (batchSizes[i] > 0) return i;
            return 0;
        }
    }

    public Snapshot snapshot() {
        long[] s = new long[sizes.length()];
        for (int i = 0; i < s.length; i++) s[i] = sizes.get(i);
        long b = batches.sum();
        return new Snapshot(b, rows.sum(), cancelledRows.sum(), expiredRows.sum(), rejectedRows.sum(),
                failedBatches.sum(), s, b == 0 ? 0 : queueNanos.sum() / 1e6 / b, b == 0 ? 0 : runNanos.sum() / 1e6 / b);
    }
}
