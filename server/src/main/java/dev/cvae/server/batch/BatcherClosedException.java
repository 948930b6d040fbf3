package dev.cvae.server.batch;

/** The batcher is shutting down: it accepts no new work, and work it could not finish fails with this. */
public final class BatcherClosedException extends IllegalStateException {
    public BatcherClosedException(String message) {
        super(message);
    }
}
