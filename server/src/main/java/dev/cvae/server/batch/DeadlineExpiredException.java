package dev.cvae.server.batch;

/** The request's deadline passed while it waited; it was dropped before being computed. */
public final class DeadlineExpiredException extends RuntimeException {
    public DeadlineExpiredException(String batcher) {
        super("deadline passed while queued in " + batcher + "; the request was not computed");
    }
}
