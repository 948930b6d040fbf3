package dev.cvae.server.security;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Lets through only calls that carry {@code authorization: Bearer <token>} with a token of the {@link TokenFile};
 * the others end UNAUTHENTICATED with a message saying what is missing or wrong (never the token). The caller's
 * name and rights go into the call's {@link Context} ({@link Caller}). Services named as open (health and
 * reflection by default, so that probes and grpcurl work) are served without a token. The file is watched
 * ({@link WatchedFiles}): a changed file applies to the next calls; one that does not parse is logged and the
 * previous tokens stay.
 *
 * <p>Lifecycle: {@link #start} reads the file and starts watching it; {@link #close} stops watching. Thread-safe.
 */
public final class BearerTokenAuth implements ServerInterceptor, AutoCloseable {
    /** Health and server reflection (v1, v1alpha): what a load balancer's probe and grpcurl need. */
    public static final List<String> DEFAULT_OPEN_SERVICES = List.of("grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection");
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String BEARER = "bearer ";

    private final WatchedFiles<TokenFile> tokens;
    private final Set<String> openServices;

    private BearerTokenAuth(WatchedFiles<TokenFile> tokens, Set<String> openServices) {
        this.tokens = tokens;
        this.openServices = openServices;
    }

    /**
     * @param openServices full service names served without a token
     * @param interval     how often the file is checked for a change
     * @throws IllegalArgumentException naming the file and line that cannot be used
     */
    public static BearerTokenAuth start(Path tokenFile, Collection<String> openServices, Duration interval) throws IOException {
        Set<String> open = Set.copyOf(openServices);
        return new BearerTokenAuth(WatchedFiles.start("bearer tokens", List.of(tokenFile), interval,
                () -> TokenFile.read(tokenFile), file -> { }), open);
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        if (openServices.contains(call.getMethodDescriptor().getServiceName())) return next.startCall(call, headers);
        Verdict verdict = check(headers.get(AUTHORIZATION));
        if (verdict.caller() != null) {
            return Contexts.interceptCall(Context.current().withValue(Caller.KEY, verdict.caller()), call, headers, next);
        }
        call.close(Status.UNAUTHENTICATED.withDescription(verdict.problem()), new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    /** Who an authorization header names, or what is wrong with it (never the token): exactly one is set. */
    public record Verdict(Caller caller, String problem) {
        public Verdict {
            if ((caller == null) == (problem == null)) throw new IllegalArgumentException("exactly one of caller and problem");
        }
    }

    /**
     * Checks an {@code authorization} header's value against the current tokens: for every transport that carries
     * one (gRPC metadata here, the HTTP adapter's header).
     *
     * @param header null when the request has none
     */
    public Verdict check(String header) {
        if (header == null) return new Verdict(null, "missing credentials: send the header 'authorization: Bearer <token>'");
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return new Verdict(null, "the authorization header is not a bearer token; send 'authorization: Bearer <token>'");
        }
        if (header.substring(BEARER.length()).isBlank()) return new Verdict(null, "the bearer token is empty");
        return tokens.current().authenticate(header.substring(BEARER.length()).strip())
                .map(caller -> new Verdict(caller, null))
                .orElseGet(() -> new Verdict(null, "the bearer token is not valid"));
    }

    /** Why the file's latest content is not in use, while it is not. */
    public Optional<String> problem() {
        return tokens.problem();
    }

    @Override
    public void close() {
        tokens.close();
    }
}
