package dev.cvae.server.batch;

/**
 * What a {@link Batcher} reports as it works, for counters and histograms kept outside the batcher (metrics).
 * Called on the batcher's forming and worker threads and on submitting threads, so implementations must be
 * thread-safe and cheap: they run on the inference path.
 */
public interface BatchObserver {
    /** Reports nothing. */
    BatchObserver NONE = new BatchObserver() {
    };

    /** A batch of {@code rows} rows ran in {@code runNanos}; its oldest row had waited {@code oldestWaitNanos}. */
    default void batchRan(int rows, long oldestWaitNanos, long runNanos) {
    }

    /** One request's part of a batch waited {@code waitNanos} in the queue before its batch started. */
    default void partWaited(long waitNanos) {
    }

    /** A batch's inference run threw; each of its requests failed. */
    default void batchFailed() {
    }

    /** Rows dropped uncomputed because their request was cancelled or had already failed. */
    default void cancelled(int rows) {
    }

    /** Rows dropped uncomputed because their request's deadline passed while they waited. */
    default void expired(int rows) {
    }

    /** Rows refused at admission because the queue was full. */
    default void rejected(int rows) {
    }

    /** Both observers, {@code first} then {@code second}. */
    static BatchObserver both(BatchObserver first, BatchObserver second) {
        if (second == NONE) return first;
        if (first == NONE) return second;
        return new BatchObserver() {
            @Override
            public void batchRan(int rows, long oldestWaitNanos, long runNanos) {
                first.batchRan(rows, oldestWaitNanos, runNanos);
                second.batchRan(rows, oldestWaitNanos, runNanos);
            }

            @Override
            public void partWaited(long waitNanos) {
                first.partWaited(waitNanos);
                second.partWaited(waitNanos);
            }

            @Override
            public void batchFailed() {
                first.batchFailed();
                second.batchFailed();
            }

            @Override
            public void cancelled(int rows) {
                first.cancelled(rows);
                second.cancelled(rows);
            }

            @Override
            public void expired(int rows) {
                first.expired(rows);
                second.expired(rows);
            }

            @Override
            public void rejected(int rows) {
                first.rejected(rows);
                second.rejected(rows);
            }
        };
    }
}
