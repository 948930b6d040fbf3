package dev.cvae.server.security;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.Set;

/**
 * Who is calling: the token's name and rights, put in the call's {@link Context} by {@link BearerTokenAuth} once
 * the token is valid. An operation that needs a right (loading or unloading a model needs {@link Right#ADMIN})
 * calls {@link #require} first, on the call's thread or wherever its Context was carried. Immutable.
 */
public record Caller(String name, Set<Right> rights) {
    static final Context.Key<Caller> KEY = Context.key("cvae-caller");

    public Caller {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name must be given");
        rights = Set.copyOf(rights);
    }

    /** The authenticated caller of the current call; empty when the server runs without tokens, or for open services. */
    public static Optional<Caller> current() {
        return Optional.ofNullable(KEY.get());
    }

    /**
     * Checks {@code right} when the call carries a token: a caller without it is refused. A call without a caller
     * (the server runs without {@code --auth-tokens}, or the operator listed the service as open) may go on: it is
     * as trusted as every other call on that port.
     *
     * @throws StatusRuntimeException PERMISSION_DENIED naming the caller and the right it lacks
     */
    public static void requireIfAuthenticated(Right right) {
        if (KEY.get() != null) require(right);
    }

    /**
     * The current caller, when it has {@code right}.
     *
     * @throws StatusRuntimeException PERMISSION_DENIED naming the caller and the right it lacks, or saying that no
     *                                token was presented (a server without {@code --auth-tokens} grants no right)
     */
    public static Caller require(Right right) {
        Caller caller = KEY.get();
        if (caller == null) {
            throw Status.PERMISSION_DENIED.withDescription("this operation needs a bearer token with the " + right.label()
                    + " right; the server grants rights only with --auth-tokens").asRuntimeException();
        }
        if (!caller.rights.contains(right)) {
            throw Status.PERMISSION_DENIED.withDescription("token '" + caller.name + "' lacks the " + right.label()
                    + " right this operation needs").asRuntimeException();
        }
        return caller;
    }
}
