package dev.cvae.server.grpc;

import dev.cvae.server.batch.BatcherClosedException;
import dev.cvae.server.batch.DeadlineExpiredException;
import dev.cvae.server.batch.QueueFullException;
import dev.cvae.server.batch.RequestTooLargeException;
import dev.cvae.server.inference.InvalidRequestException;
import dev.cvae.server.model.ModelNotFoundException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps failures below the adapter to gRPC statuses with a description a client can act on. Shared by the gRPC
 * services (cvae.v1 and the Open Inference Protocol), so that the same failure gets the same status on both.
 * Stateless.
 */
final class ErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    private ErrorMapper() {
    }

    /** The status for a failure; an unexpected one (INTERNAL) is logged with its stack trace. */
    static Status toStatus(Throwable error) {
        Status status = classify(error);
        if (status.getCode() == Status.Code.INTERNAL && status.getCause() != null) log.error("request failed", status.getCause());
        return status;
    }

    /** The status for a failure, without logging: for counting outcomes. */
    static Status classify(Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (e instanceof StatusRuntimeException s) return s.getStatus();
        if (e instanceof StatusException s) return s.getStatus();
        if (e instanceof InvalidRequestException) return Status.INVALID_ARGUMENT.withDescription(bounded(e.getMessage()));
        if (e instanceof ModelNotFoundException) return Status.NOT_FOUND.withDescription(bounded(e.getMessage()));
        if (e instanceof QueueFullException) return Status.RESOURCE_EXHAUSTED.withDescription(bounded(e.getMessage()));
        if (e instanceof RequestTooLargeException) return Status.INVALID_ARGUMENT.withDescription(bounded(e.getMessage()));
        if (e instanceof DeadlineExpiredException) return Status.DEADLINE_EXCEEDED.withDescription(bounded(e.getMessage()));
        if (e instanceof CancellationException) return Status.CANCELLED.withDescription("cancelled");
        if (e instanceof BatcherClosedException) return Status.UNAVAILABLE.withDescription(bounded(e.getMessage()));
        if (e instanceof HeldModel.ModelVersionChangingException) return Status.UNAVAILABLE.withDescription(e.getMessage());
        return Status.INTERNAL.withDescription(bounded("internal error: " + e)).withCause(e);
    }

    /**
     * The description as sent: at most {@link #MAX_DESCRIPTION} characters, the middle cut when longer, so that the
     * field at the start and what was expected at the end stay. Messages quote what a client sent (a label, a tensor
     * name), and a unary call's description travels percent-encoded in an HTTP/2 trailer, which clients cap at
     * 8 KiB by default: uncut, a 9,000-character label turned INVALID_ARGUMENT into the client's INTERNAL.
     */
    static String bounded(String description) {
        if (description == null || description.length() <= MAX_DESCRIPTION) return description;
        int keep = (MAX_DESCRIPTION - 40) / 2;
        return description.substring(0, keep) + " [... " + (description.length() - 2 * keep) + " characters cut ...] "
                + description.substring(description.length() - keep);
    }

    /** Characters of a status description at most: 768 UTF-8 characters, percent-encoded, stay under 8 KiB. */
    static final int MAX_DESCRIPTION = 768;

    static StatusException toException(Throwable error) {
        return toStatus(error).asException();
    }
}
