package dev.cvae.server.inference;

import dev.cvae.server.batch.BatcherClosedException;
import dev.cvae.server.batch.DeadlineExpiredException;
import dev.cvae.server.batch.QueueFullException;
import dev.cvae.server.batch.RequestTooLargeException;
import dev.cvae.server.model.ModelNotFoundException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * What a failure below the adapters means to a client: its kind and a message it can act on. Every adapter maps a
 * failure through here, so that the same failure gets the same answer over gRPC (a status) and HTTP (a status code
 * and a JSON body). Immutable.
 *
 * @param cause the failure itself when it is unexpected ({@link Kind#INTERNAL}), for the log; otherwise null
 */
public record Failure(Kind kind, String message, Throwable cause) {
    /** The kinds, named as the gRPC status codes they become. */
    public enum Kind { INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED, CANCELLED, UNAVAILABLE, INTERNAL }

    /** Characters of a message at most: 768 UTF-8 characters, percent-encoded, stay under 8 KiB. */
    public static final int MAX_MESSAGE = 768;

    public Failure {
        if (kind == null) throw new IllegalArgumentException("kind must be given");
    }

    /** The failure's meaning; anything not known here is INTERNAL, with the failure as its cause. */
    public static Failure of(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof InvalidRequestException) return known(Kind.INVALID_ARGUMENT, e);
        if (e instanceof ModelNotFoundException) return known(Kind.NOT_FOUND, e);
        if (e instanceof QueueFullException) return known(Kind.RESOURCE_EXHAUSTED, e);
        if (e instanceof RequestTooLargeException) return known(Kind.INVALID_ARGUMENT, e);
        if (e instanceof DeadlineExpiredException) return known(Kind.DEADLINE_EXCEEDED, e);
        if (e instanceof CancellationException) return new Failure(Kind.CANCELLED, "cancelled", null);
        if (e instanceof BatcherClosedException) return known(Kind.UNAVAILABLE, e);
        if (e instanceof HeldModel.ModelVersionChangingException) return known(Kind.UNAVAILABLE, e);
        return new Failure(Kind.INTERNAL, bounded("internal error: " + e), e);
    }

    private static Failure known(Kind kind, Throwable e) {
        return new Failure(kind, bounded(e.getMessage()), null);
    }

    /**
     * The message as sent: at most {@link #MAX_MESSAGE} characters, the middle cut when longer, so that the field at
     * the start and what was expected at the end stay. Messages quote what a client sent (a label, a tensor name),
     * and a unary gRPC call's description travels percent-encoded in an HTTP/2 trailer, which clients cap at 8 KiB
     * by default: uncut, a 9,000-character label turned INVALID_ARGUMENT into the client's INTERNAL.
     */
    public static String bounded(String message) {
        if (message == null || message.length() <= MAX_MESSAGE) return message;
        int keep = (MAX_MESSAGE - 40) / 2;
        return message.substring(0, keep) + " [... " + (message.length() - 2 * keep) + " characters cut ...] "
                + message.substring(message.length() - keep);
    }
}
