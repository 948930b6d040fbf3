package dev.cvae.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvae.server.inference.Commands;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.inference.HeldModel;
import dev.cvae.server.inference.ImageFormat;
import dev.cvae.server.inference.Failure;
import dev.cvae.server.metrics.OperationTimer;
import dev.cvae.server.metrics.ServerMetrics;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.model.ServedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The explorer's JSON API, one more client of the same operations and batchers as gRPC: each request is read
 * ({@link JsonRequests}) and validated as gRPC's are, run on a model version it holds ({@link HeldModel}), timed
 * under the same series, and answered as JSON; a morph streams its frames as Server-Sent Events or comes whole as
 * an animated GIF. Failures are answered by {@link Replies}. A client that goes away cancels its queued rows.
 * Thread-safe.
 */
final class ExplorerApi {
    /** A request body at most: 1,024 latent vectors of 64 values as JSON text, or a few large images. */
    static final int MAX_BODY_BYTES = 4 << 20;

    private final ModelRegistry registry;
    private final CvaeOperations operations;
    private final JsonRequests requests;
    private final OperationTimer timer;
    private final ServerMetrics metrics;
    private final ReportFiles reports = new ReportFiles();

    ExplorerApi(ModelRegistry registry, CvaeOperations operations, int maxRows, ServerMetrics metrics) {
        this.registry = registry;
        this.operations = operations;
        this.requests = new JsonRequests(registry, maxRows);
        this.metrics = metrics;
        this.timer = new OperationTimer(metrics.operations(), ExplorerApi::outcome);
    }

    Mono<Void> models(HttpServerRequest request, HttpServerResponse response) {
        return Replies.json(response, 200, JsonResponses.models(registry, reports));
    }

    /** A file of a model's training report: {@code ?version=} or the latest version. */
    Mono<Void> report(HttpServerRequest request, HttpServerResponse response) {
        return Mono.defer(() -> {
            ServedModel model = registry.get(request.param("name"), QueryParameters.of(request).text("version"));
            String file = request.param("file");
            return reports.find(model, file)
                    .map(found -> Mono.fromCallable(() -> Files.readAllBytes(found.path())).subscribeOn(Schedulers.boundedElastic())
                            .flatMap(bytes -> {
                                response.header("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
                                return Replies.bytes(response, 200, found.contentType(), bytes);
                            }))
                    .orElseGet(() -> Replies.problem(response, 404, "NOT_FOUND", "model " + model.name() + " version " + model.version()
                            + " has no report file '" + Replies.quoted(file) + "'"));
        }).onErrorResume(e -> e instanceof IOException ? Replies.problem(response, 404, "NOT_FOUND", "report file unreadable")
                : Replies.failure(response, e));
    }

    Mono<Void> generate(HttpServerRequest request, HttpServerResponse response) {
        return unary(request, response, json -> timer.timed("generate", label(json),
                HeldModel.run(() -> requests.generate(json, ""), Commands.Generate::model, operations::generate))
                .map(JsonResponses::generated));
    }

    Mono<Void> encode(HttpServerRequest request, HttpServerResponse response) {
        return unary(request, response, json -> timer.timed("encode", label(json),
                HeldModel.run(() -> requests.encode(json, ""), Commands.Encode::model, operations::encode))
                .map(JsonResponses::encoded));
    }

    /**
     * The morph's frames in order as Server-Sent Events ({@code frame}, then {@code end}), each sent as soon as its
     * batch is computed. A request that cannot run gets its status and JSON error instead; a failure after the first
     * frame ends the stream with an {@code error} event.
     */
    Mono<Void> interpolate(HttpServerRequest request, HttpServerResponse response) {
        return body(request).flatMap(json -> {
            AtomicInteger sent = new AtomicInteger();
            Flux<String> frames = frames(json, ImageFormat.PNG, cmd -> { })
                    .map(f -> ServerSentEvents.event("frame", JsonResponses.frame(f.frame(), f.version())));
            return frames.switchOnFirst((first, all) -> {
                if (first.isOnError()) return Replies.failure(response, first.getThrowable());
                Flux<String> events = all.doOnNext(e -> sent.incrementAndGet())
                        .concatWith(Mono.fromSupplier(() -> ServerSentEvents.event("end", Replies.JSON.createObjectNode().put("frames", sent.get()))))
                        .onErrorResume(e -> Mono.just(ServerSentEvents.event("error", Replies.body(Failure.of(e), e))));
                return response.sse().header("Cache-Control", "no-store").sendString(events).then();
            }).then();
        }).onErrorResume(e -> Replies.failure(response, e));
    }

    /** The morph as an animated GIF: {@code ?scale=} (default 4) pixels per model pixel, {@code ?frame_ms=} (default 100). */
    Mono<Void> interpolateGif(HttpServerRequest request, HttpServerResponse response) {
        return Mono.defer(() -> {
            QueryParameters query = QueryParameters.of(request);
            int scale = query.integer("scale", 4, 1, MorphGif.MAX_SCALE);
            int frameMs = query.integer("frame_ms", 100, 10, 10_000);
            return body(request).flatMap(json -> frames(json, ImageFormat.RAW_FLOAT32, cmd -> MorphGif.checkSize(cmd, scale))
                            .map(VersionedFrame::frame).collectList())
                    .map(frames -> MorphGif.write(frames, scale, frameMs))
                    .flatMap(gif -> Replies.bytes(response, 200, "image/gif", gif));
        }).onErrorResume(e -> Replies.failure(response, e));
    }

    /** The load counted so far ({@code LoadSnapshot}): two readings make rates. */
    Mono<Void> load(HttpServerRequest request, HttpServerResponse response) {
        return Replies.json(response, 200, JsonResponses.load(metrics.load()));
    }

    /** What a failed request is counted as: the name of its kind, as gRPC's code for the same failure. */
    static String outcome(Throwable e) {
        return Failure.of(e).kind().name();
    }

    private record VersionedFrame(Commands.Frame frame, String version) {
    }

    /** @param check a further check of the command, before anything runs */
    private Flux<VersionedFrame> frames(JsonNode json, ImageFormat format, Consumer<Commands.Interpolate> check) {
        return timer.timed("interpolate", label(json),
                HeldModel.runMany(() -> {
                    Commands.Interpolate cmd = requests.interpolate(json, format, "");
                    check.accept(cmd);
                    return cmd;
                }, Commands.Interpolate::model,
                        cmd -> operations.interpolate(cmd).map(f -> new VersionedFrame(f, cmd.model().version()))));
    }

    private Mono<Void> unary(HttpServerRequest request, HttpServerResponse response, Function<JsonNode, Mono<ObjectNode>> work) {
        return body(request).flatMap(work).flatMap(answer -> Replies.json(response, 200, answer))
                .onErrorResume(e -> Replies.failure(response, e));
    }

    private static Mono<JsonNode> body(HttpServerRequest request) {
        return RequestBodies.read(request, MAX_BODY_BYTES).map(JsonRequests::parse);
    }

    /** The model label of a request's timing ({@link OperationTimer#modelOf}). */
    private Supplier<String> label(JsonNode json) {
        JsonNode model = json.get("model");
        return OperationTimer.modelOf(registry, model != null && model.isTextual() ? model.asText() : "");
    }
}
