package dev.cvae.server.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import java.util.concurrent.TimeUnit;

/**
 * The current gRPC call's deadline in the form the batchers take, so that rows still queued when it passes are
 * dropped uncomputed. Read it on the thread that starts the call, where the call's {@link Context} is current.
 */
final class CallDeadline {
    private CallDeadline() {
    }

    /** The deadline as a {@link System#nanoTime()} instant, or {@link Long#MAX_VALUE} when the call has none. */
    static long nanos() {
        Deadline d = Context.current().getDeadline();
        return d == null ? Long.MAX_VALUE : System.nanoTime() + d.timeRemaining(TimeUnit.NANOSECONDS);
    }
}
