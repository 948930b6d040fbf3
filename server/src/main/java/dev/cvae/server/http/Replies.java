package dev.cvae.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvae.server.inference.Failure;
import dev.cvae.server.inference.InvalidRequestException;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * How the HTTP adapter answers: JSON bodies, and failures as a status code with a JSON body that carries the same
 * message the gRPC adapter puts in its status ({@link Failure}): {@code {"status": "INVALID_ARGUMENT", "field":
 * "count", "message": "count: 0 images, expected 1..1024"}}. Stateless.
 */
final class Replies {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JSON_TYPE = "application/json";
    private static final Logger log = LoggerFactory.getLogger(Replies.class);

    private Replies() {
    }

    static Mono<Void> json(HttpServerResponse response, int status, JsonNode body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return failure(response, e);
        }
        return bytes(response, status, JSON_TYPE, bytes);
    }

    static Mono<Void> bytes(HttpServerResponse response, int status, String contentType, byte[] body) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, contentType)
                .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .sendByteArray(Mono.just(body)).then();
    }

    /** A plain failure not raised below the adapter (404 of a path, 401, 405), in the same JSON form. */
    static Mono<Void> problem(HttpServerResponse response, int status, String kind, String message) {
        return json(response, status, body(kind, null, message));
    }

    /**
     * The answer, sent once the request's body (unread, unwanted) has been received and dropped, so that the
     * connection is at a clean boundary for the client's next request on it.
     */
    static Mono<Void> afterBody(HttpServerRequest request, Mono<Void> answer) {
        return request.receive().then(Mono.defer(() -> answer));
    }

    /**
     * A handler that does not read its request, answering only once the request has been read to its end (as
     * {@link #afterBody}). Besides the clean boundary, this keeps Reactor Netty 1.3.7 reading the connection: a
     * request queued behind an unfinished answer (keep-alive or pipelined) and answered at once, before the end of
     * the request is taken off the queue, leaves the connection unread for good (reactor-netty issue 4361).
     */
    static BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> afterRequest(
            BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
        return (request, response) -> afterBody(request, Mono.defer(() -> Mono.from(handler.apply(request, response))));
    }

    /** The failure as a status code and a JSON body; an unexpected one (500) is logged with its stack trace. */
    static Mono<Void> failure(HttpServerResponse response, Throwable error) {
        Failure f = Failure.of(error);
        if (f.cause() != null) log.error("HTTP request failed", f.cause());
        return json(response, statusOf(f.kind()), body(f, error));
    }

    /** The JSON form of a failure (also an SSE error event's data and a WebSocket error's). */
    static ObjectNode body(Failure f, Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return body(f.kind().name(), e instanceof InvalidRequestException ire ? ire.field() : null, f.message());
    }

    private static ObjectNode body(String kind, String field, String message) {
        ObjectNode body = JSON.createObjectNode().put("status", kind);
        if (field != null) body.put("field", Failure.bounded(field));
        return body.put("message", message);
    }

    /** The HTTP status code of a kind of failure. */
    static int statusOf(Failure.Kind kind) {
        return switch (kind) {
            case INVALID_ARGUMENT -> 400;
            case NOT_FOUND -> 404;
            case RESOURCE_EXHAUSTED -> 429;
            case DEADLINE_EXCEEDED -> 504;
            case CANCELLED -> 499;
            case UNAVAILABLE -> 503;
            case INTERNAL -> 500;
        };
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Something a client sent, as a message may quote it: bounded ({@link Failure#bounded}). */
    static String quoted(String sent) {
        return Failure.bounded(sent);
    }
}
