package dev.cvae.server.batch;

/** New work was refused because the batcher's queue holds as many rows as it may. */
public final class QueueFullException extends RuntimeException {
    public QueueFullException(String batcher, int rows, int queued, int max) {
        super(batcher + " queue is full: " + queued + " rows waiting, " + rows + " more would exceed the limit of " + max);
    }
}
