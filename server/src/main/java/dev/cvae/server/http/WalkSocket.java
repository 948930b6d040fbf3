package dev.cvae.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvae.server.inference.Commands;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.inference.Failure;
import dev.cvae.server.inference.HeldModel;
import dev.cvae.server.metrics.OperationTimer;
import dev.cvae.server.model.ModelRegistry;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The latent walk's WebSocket: each text message is a point of a drag, a generate request (the JSON of
 * {@code POST /api/generate}, usually one latent vector) with the client's {@code id}; each answer is
 * {@code {"id": .., "image": ..}} or {@code {"id": .., "error": ..}}. Points that arrive while one is decoded are
 * coalesced ({@link NewestWins}): the newest point wins, stale ones are never decoded, so a drag costs one decode at
 * a time however fast it moves. With tokens, the first message carries {@code "authorization": "Bearer <token>"}
 * (a browser cannot set a WebSocket's headers); without a valid one the socket answers the problem and closes.
 * Thread-safe: one instance serves every socket.
 */
final class WalkSocket {
    private final ModelRegistry registry;
    private final CvaeOperations operations;
    private final JsonRequests requests;
    private final OperationTimer timer;
    private final TokenGuard guard;

    WalkSocket(ModelRegistry registry, CvaeOperations operations, JsonRequests requests, OperationTimer timer, TokenGuard guard) {
        this.registry = registry;
        this.operations = operations;
        this.requests = requests;
        this.timer = timer;
        this.guard = guard;
    }

    Publisher<Void> handle(WebsocketInbound in, WebsocketOutbound out) {
        Flux<Point> points = in.receive().asString().map(WalkSocket::parse).switchOnFirst((first, all) -> {
            if (!first.hasValue()) return all;
            JsonNode auth = first.get().json().get("authorization");
            String problem = guard.check(auth != null && auth.isTextual() ? auth.asText() : null);
            return problem == null ? all : Flux.just(new Point(Replies.JSON.createObjectNode(), null, problem));
        });
        Flux<String> answers = NewestWins.apply(points, this::answer)
                .takeUntil(answer -> answer.path("error").path("status").asText().equals("UNAUTHENTICATED"))
                .map(ObjectNode::toString);
        return out.sendString(answers);
    }

    /** A message: its JSON, or why it is not a point (not JSON; a first message without a valid token). */
    private record Point(JsonNode json, RuntimeException invalid, String unauthenticated) {
    }

    private Mono<ObjectNode> answer(Point point) {
        JsonNode id = point.json().get("id");
        ObjectNode answer = Replies.JSON.createObjectNode();
        if (id != null) answer.set("id", id);
        if (point.unauthenticated() != null) {
            return Mono.just(answer.set("error", Replies.JSON.createObjectNode().put("status", "UNAUTHENTICATED")
                    .put("message", point.unauthenticated())));
        }
        if (point.invalid() != null) return Mono.just(answer.set("error", Replies.body(Failure.of(point.invalid()), point.invalid())));
        ObjectNode request = ((ObjectNode) point.json().deepCopy());
        request.remove("id");
        request.remove("authorization");
        JsonNode model = request.get("model");
        return timer.timed("generate", OperationTimer.modelOf(registry, model != null && model.isTextual() ? model.asText() : ""),
                        HeldModel.run(() -> requests.generate(request, ""), Commands.Generate::model, operations::generate))
                .map(g -> {
                    ObjectNode generated = JsonResponses.generated(g);
                    answer.set("image", generated.get("images").get(0).get("image"));
                    answer.set("latent", generated.get("images").get(0).get("latent"));
                    return answer;
                })
                .onErrorResume(e -> Mono.just(answer.set("error", Replies.body(Failure.of(e), e))));
    }

    /** A message as JSON; one that is not an object is answered with its error. */
    private static Point parse(String message) {
        try {
            return new Point(JsonRequests.parse(Replies.utf8(message)), null, null);
        } catch (RuntimeException e) {
            return new Point(Replies.JSON.createObjectNode(), e, null);
        }
    }
}
