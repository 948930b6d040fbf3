package dev.cvae.server.batch;

import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The queue policy of one batcher: admission against a bound in rows, a request split into parts of at most the
 * maximum batch, and withdrawal of a cancelled or failed request's parts at once, so that its space is free
 * before the forming thread would reach it. Deadlines are checked where parts are taken ({@link Batcher}).
 *
 * <p>Ownership: a part belongs to the queue from {@link #admit} until it is taken or withdrawn; then to the
 * forming thread. Thread-safe: submitters admit and withdraw, one forming thread takes and puts back.
 */
final class AdmissionQueue {
    /** Rows {@code [offset, offset + rows)} of a job, queued at {@code enqueuedNanos}. */
    record Part(InferenceJob job, int offset, int rows, long enqueuedNanos) {
        /** The first {@code n} rows, and the rest, keeping the time the part was queued. */
        Part head(int n) {
            return new Part(job, offset, n, enqueuedNanos);
        }

        Part tail(int n) {
            return new Part(job, offset + n, rows - n, enqueuedNanos);
        }
    }

    private final String name;
    private final int maxRows;
    private final int maxPartRows;
    private final LongSupplier clock;
    private final BatchObserver observer;
    private final LinkedBlockingDeque<Part> parts = new LinkedBlockingDeque<>();
    private final AtomicInteger rows = new AtomicInteger();

    /** @param observer told of rows refused (queue full) and rows withdrawn (their request cancelled or failed) */
    AdmissionQueue(String name, int maxRows, int maxPartRows, LongSupplier clock, BatchObserver observer) {
        this.name = name;
        this.maxRows = maxRows;
        this.maxPartRows = maxPartRows;
        this.clock = clock;
        this.observer = observer;
    }

    /**
     * Queues all rows of the job, or none.
     *
     * @throws QueueFullException when they do not fit under the bound
     */
    void admit(InferenceJob job) {
        int queued = rows.addAndGet(job.rows);
        if (queued > maxRows) {
            rows.addAndGet(-job.rows);
            observer.rejected(job.rows);
            throw new QueueFullException(name, job.rows, queued - job.rows, maxRows);
        }
        long now = clock.getAsLong();
        for (int offset = 0; offset < job.rows; offset += maxPartRows) {
            parts.addLast(new Part(job, offset, Math.min(maxPartRows, job.rows - offset), now));
        }
        job.result.whenComplete((out, error) -> {
            if (error != null) withdraw(job);
        });
    }

    /** Removes the job's parts still queued; their rows no longer count. */
    private void withdraw(InferenceJob job) {
        int[] removed = {0};
        parts.removeIf(p -> {
            if (p.job() != job) return false;
            removed[0] += p.rows(); // under the deque's lock: one thread at a time
            return true;
        });
        if (removed[0] > 0) {
            rows.addAndGet(-removed[0]);
            observer.cancelled(removed[0]);
        }
    }

    /** The oldest part, waiting for one. */
    Part take() throws InterruptedException {
        return taken(parts.takeFirst());
    }

    /** The oldest part, or null at once when none is queued. */
    Part poll() {
        return taken(parts.pollFirst());
    }

    /** The oldest part, or null when none is queued within {@code nanos}. */
    Part poll(long nanos) throws InterruptedException {
        return taken(parts.pollFirst(nanos, TimeUnit.NANOSECONDS));
    }

    /** Puts what did not fit in a batch back at the head, to go first in the next one. */
    void putBack(Part part) {
        rows.addAndGet(part.rows());
        parts.addFirst(part);
    }

    private Part taken(Part part) {
        if (part != null) rows.addAndGet(-part.rows());
        return part;
    }

    /** Rows queued now. */
    int rows() {
        return rows.get();
    }

    /** Whether the clock has passed the part's deadline. */
    boolean expired(Part part) {
        return clock.getAsLong() - part.job().deadlineNanos > 0;
    }

    long now() {
        return clock.getAsLong();
    }
}
