package dev.cvae.server.http;

import dev.cvae.server.security.BearerTokenAuth;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The HTTP side of {@code --auth-tokens}: an API request needs {@code Authorization: Bearer <token>} with a token of
 * the same file the gRPC port checks ({@link BearerTokenAuth}, reloaded the same way); without one it gets 401 with
 * the same message gRPC's UNAUTHENTICATED carries. A WebSocket, which a browser cannot give headers, carries the
 * header's value in its first message instead ({@link #check}). Without tokens everything passes. Thread-safe.
 */
final class TokenGuard {
    private final BearerTokenAuth tokens;

    /** @param tokens null when the server runs without tokens */
    TokenGuard(BearerTokenAuth tokens) {
        this.tokens = tokens;
    }

    /** The handler, behind the token check. */
    BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> guard(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        if (tokens == null) return handler;
        return (request, response) -> {
            String problem = check(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
            if (problem == null) return handler.apply(request, response);
            response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"cvae\"");
            return Replies.afterBody(request, Replies.problem(response, 401, "UNAUTHENTICATED", problem));
        };
    }

    /**
     * What is wrong with an authorization value, or null when it may pass.
     *
     * @param authorization the header's value ({@code Bearer <token>}), null when none was sent
     */
    String check(String authorization) {
        return tokens == null ? null : tokens.check(authorization).problem();
    }
}
