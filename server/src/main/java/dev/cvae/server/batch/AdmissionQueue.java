package dev.cvae.server.batch;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.annotation.concurrent.GuardedBy;

/**
 * The queue policy of one batcher: admission against a bound in rows, a request split into parts of at most the
 * maximum batch, and withdrawal of a cancelled or failed request's parts at once, so that its space is free
 * before a worker forming a batch would reach it. Deadlines are checked where parts are taken ({@link Batcher}).
 *
 * <p>Ownership: a part belongs to the queue from {@link #admit} until it is taken or withdrawn; then to the
 * worker forming the batch. Thread-safe: one lock guards the parts, the row count and each job's count of queued
 * parts, so a part is either taken or withdrawn, never both; submitters admit and withdraw, the worker forming a
 * batch (one at a time) takes and puts back.
 */
final class AdmissionQueue {
    /** Rows {@code [offset, offset + rows)} of a job, queued at {@code enqueuedNanos}. */
    record Part(InferenceJob job, int offset, int rows, long enqueuedNanos) {
        /** The first {@code n} rows, keeping the time the part was queued. */
        Part head(int n) {
            return new Part(job, offset, n, enqueuedNanos);
        }

        /** The rows after the first {@code n}. */
        Part tail(int n) {
            return new Part(job, offset + n, rows - n, enqueuedNanos);
        }
    }

    private final String name;
    private final int maxRows;
    private final int maxPartRows;
    private final LongSupplier clock;
    private final BatchObserver observer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    @GuardedBy("lock") private final ArrayDeque<Part> parts = new ArrayDeque<>();
    @GuardedBy("lock") private int rows;
    @GuardedBy("lock") private boolean closed;

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
     * @throws RequestTooLargeException when the job alone has more rows than the queue may ever hold
     * @throws QueueFullException       when they do not fit under the bound now
     * @throws BatcherClosedException   once {@link #close} has run
     */
    void admit(InferenceJob job) {
        if (job.rows > maxRows) {
            observer.rejected(job.rows);
            throw new RequestTooLargeException(name, job.rows, maxRows);
        }
        lock.lock();
        try {
            if (closed) throw new BatcherClosedException(name + " is shutting down");
            if (rows + job.rows > maxRows) {
                observer.rejected(job.rows);
                throw new QueueFullException(name, job.rows, rows, maxRows);
            }
            long now = clock.getAsLong();
            for (int offset = 0; offset < job.rows; offset += maxPartRows) {
                parts.addLast(new Part(job, offset, Math.min(maxPartRows, job.rows - offset), now));
                job.queuedParts++;
            }
            rows += job.rows;
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        job.result.whenComplete((out, error) -> {
            if (error != null) withdraw(job);
        });
    }

    /** Removes the job's parts still queued; their rows no longer count. Scans only when the job has some queued. */
    private void withdraw(InferenceJob job) {
        int removed = 0;
        lock.lock();
        try {
            if (job.queuedParts == 0) return;
            for (Iterator<Part> it = parts.iterator(); it.hasNext() && job.queuedParts > 0; ) {
                Part p = it.next();
                if (p.job() == job) {
                    it.remove();
                    job.queuedParts--;
                    removed += p.rows();
                }
            }
            rows -= removed;
        } finally {
            lock.unlock();
        }
        if (removed > 0) observer.cancelled(removed);
    }

    /** The oldest part, waiting for one; null at once when closed and empty. */
    Part take() throws InterruptedException {
        lock.lock();
        try {
            while (parts.isEmpty()) {
                if (closed) return null;
                notEmpty.await();
            }
            return taken(parts.pollFirst());
        } finally {
            lock.unlock();
        }
    }

    /** The oldest part, or null at once when none is queued. */
    Part poll() {
        lock.lock();
        try {
            return taken(parts.pollFirst());
        } finally {
            lock.unlock();
        }
    }

    /** The oldest part, or null when none is queued within {@code nanos} (or once closed and empty). */
    Part poll(long nanos) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (parts.isEmpty()) {
                if (closed || left <= 0) return null;
                left = notEmpty.awaitNanos(left);
            }
            return taken(parts.pollFirst());
        } finally {
            lock.unlock();
        }
    }

    /** Puts what did not fit in a batch back at the head, to go first in the next one. */
    void putBack(Part part) {
        lock.lock();
        try {
            parts.addFirst(part);
            part.job().queuedParts++;
            rows += part.rows();
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    @GuardedBy("lock")
    private Part taken(Part part) {
        if (part != null) {
            rows -= part.rows();
            part.job().queuedParts--;
        }
        return part;
    }

    /** No more admissions; a worker waiting on an empty queue wakes and sees it is closed. */
    void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Rows queued now. */
    int rows() {
        lock.lock();
        try {
            return rows;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the clock has passed the part's deadline. */
    boolean expired(Part part) {
        return clock.getAsLong() - part.job().deadlineNanos > 0;
    }

    long now() {
        return clock.getAsLong();
    }
}
