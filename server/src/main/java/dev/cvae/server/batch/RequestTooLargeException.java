package dev.cvae.server.batch;

/** One request has more rows than the batcher's queue may ever hold: it can never be admitted, so retrying is futile. */
public final class RequestTooLargeException extends RuntimeException {
    public RequestTooLargeException(String batcher, int rows, int maxRows) {
        super("a request of " + rows + " rows is larger than the queue of " + batcher + " (" + maxRows
                + " rows); ask for at most " + maxRows + " at once");
    }
}
