package dev.cvae.server.grpc;

import java.util.ArrayDeque;
import java.util.Deque;
import javax.annotation.concurrent.GuardedBy;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * How many images (rows) one stream may hold at once: requests being computed plus answers computed but not yet
 * taken by the transport. A request waits for its rows before it is computed, in arrival order, so a client that
 * stops reading holds at most this many images of server memory, and flow control then stops its requests.
 * A request larger than the whole budget takes all of it. Thread-safe.
 */
final class RowBudget {
    private record Waiter(int rows, MonoSink<Void> sink) {
    }

    private final int capacity;
    private final Object lock = new Object();
    @GuardedBy("lock") private int available;
    @GuardedBy("lock") private final Deque<Waiter> waiters = new ArrayDeque<>();

    RowBudget(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        this.capacity = capacity;
        this.available = capacity;
    }

    /** The rows a request of {@code rows} images takes: at least 1, at most the whole budget. */
    int weigh(int rows) {
        return Math.max(1, Math.min(capacity, rows));
    }

    /** Completes once {@code rows} rows (from {@link #weigh}) are the caller's; cancelling it leaves the queue. */
    Mono<Void> acquire(int rows) {
        return Mono.create(sink -> {
            Waiter w = new Waiter(rows, sink);
            synchronized (lock) {
                if (waiters.isEmpty() && available >= rows) {
                    available -= rows;
                } else {
                    waiters.addLast(w);
                    w = null;
                }
            }
            if (w != null) {
                sink.success();
                return;
            }
            Waiter queued = new Waiter(rows, sink);
            sink.onCancel(() -> {
                synchronized (lock) {
                    waiters.removeIf(x -> x.sink() == queued.sink());
                }
            });
        });
    }

    /** Gives rows back; waiters whose rows fit now go, in order. */
    void release(int rows) {
        Deque<Waiter> ready = null; // most releases wake no one: no allocation then
        synchronized (lock) {
            available += rows;
            while (!waiters.isEmpty() && waiters.peekFirst().rows() <= available) {
                Waiter w = waiters.pollFirst();
                available -= w.rows();
                if (ready == null) ready = new ArrayDeque<>();
                ready.add(w);
            }
        }
        if (ready != null) ready.forEach(w -> w.sink().success());
    }

    /** Rows free now. */
    int available() {
        synchronized (lock) {
            return available;
        }
    }
}
