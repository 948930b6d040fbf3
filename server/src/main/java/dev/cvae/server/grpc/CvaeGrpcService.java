package dev.cvae.server.grpc;

import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.EncodeResponse;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.InterpolateFrame;
import dev.cvae.api.v1.InterpolateRequest;
import dev.cvae.api.v1.InterpolateResponse;
import dev.cvae.api.v1.ListModelsRequest;
import dev.cvae.api.v1.ListModelsResponse;
import dev.cvae.api.v1.OperationError;
import dev.cvae.api.v1.ReactorCvaeServiceGrpc;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.api.v1.StreamResponse;
import dev.cvae.server.inference.Commands;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.inference.HeldModel;
import dev.cvae.server.inference.InvalidRequestException;
import dev.cvae.server.metrics.OperationMetrics;
import dev.cvae.server.metrics.OperationTimer;
import dev.cvae.server.model.ModelRegistry;
import io.grpc.Status;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gRPC adapter: requests are validated here ({@link RequestMapper}), run by {@link CvaeOperations}, and
 * mapped back; failures become statuses ({@link ErrorMapper}). The call's deadline travels with the work, so
 * rows still queued when it passes are dropped; a cancelled call or stream cancels its queued rows.
 *
 * <p>On {@code Stream} every request gets exactly one response with its id: a result, or an error response
 * for that id while the stream goes on.
 */
public final class CvaeGrpcService extends ReactorCvaeServiceGrpc.CvaeServiceImplBase {
    private final ModelRegistry registry;
    private final CvaeOperations operations;
    private final RequestMapper requests;
    private final int streamConcurrency;
    private final int streamMaxRows;
    private final OperationTimer timer;

    /**
     * @param maxRows           most images (or interpolation steps) one request may ask for
     * @param streamConcurrency requests of one stream computed at once; more wait, with flow control, on the stream
     * @param streamMaxRows     images one stream may hold, computing or computed and not yet sent
     * @param metrics           records each request's latency and outcome, unary or streamed
     */
    public CvaeGrpcService(ModelRegistry registry, CvaeOperations operations, int maxRows, int streamConcurrency,
                           int streamMaxRows, OperationMetrics metrics) {
        this.registry = registry;
        this.operations = operations;
        this.requests = new RequestMapper(registry, maxRows);
        this.streamConcurrency = streamConcurrency;
        this.streamMaxRows = streamMaxRows;
        this.timer = new OperationTimer(metrics, ErrorMapper::outcome);
    }

    @Override
    public Mono<ListModelsResponse> listModels(Mono<ListModelsRequest> request) {
        return request.map(r -> ResponseMapper.models(registry));
    }

    @Override
    public Mono<GenerateResponse> generate(Mono<GenerateRequest> request) {
        long deadline = CallDeadline.nanos();
        return request.flatMap(r -> generate(r, deadline, ""));
    }

    @Override
    public Mono<EncodeResponse> encode(Mono<EncodeRequest> request) {
        long deadline = CallDeadline.nanos();
        return request.flatMap(r -> encode(r, deadline, ""));
    }

    @Override
    public Flux<InterpolateFrame> interpolate(Mono<InterpolateRequest> request) {
        long deadline = CallDeadline.nanos();
        return request.flatMapMany(r -> interpolate(r, deadline, ""));
    }

    /**
     * Answers each request once, {@code streamConcurrency} at a time, while the stream holds at most
     * {@code streamMaxRows} images: a request waits for its rows before it is computed, and gives them back when
     * its answer is taken by the transport, so a client that stops reading holds bounded server memory.
     */
    @Override
    public Flux<StreamResponse> stream(Flux<StreamRequest> requests) {
        long deadline = CallDeadline.nanos();
        RowBudget budget = new RowBudget(streamMaxRows);
        return requests.flatMap(r -> {
            int rows = budget.weigh(rows(r));
            return budget.acquire(rows).then(answer(r, deadline)).map(answer -> new Held(answer, rows));
        }, streamConcurrency).map(held -> {
            budget.release(held.rows());
            return held.answer();
        });
    }

    /** An answer and the rows of the stream's budget it holds until the transport takes it. */
    private record Held(StreamResponse answer, int rows) {
    }

    /** The images a stream request asks for (its memory while computed and waiting to be sent). */
    private static int rows(StreamRequest r) {
        return switch (r.getOperationCase()) {
            case GENERATE -> r.getGenerate().getLatentsCount() > 0 ? r.getGenerate().getLatentsCount() : Math.max(1, r.getGenerate().getCount());
            case ENCODE -> r.getEncode().getReconstruct() ? 2 : 1;
            case INTERPOLATE -> Math.max(2, r.getInterpolate().getSteps());
            case OPERATION_NOT_SET -> 1;
        };
    }

    /** Exactly one response for the request: its result or its error. */
    private Mono<StreamResponse> answer(StreamRequest r, long deadline) {
        StreamResponse.Builder response = StreamResponse.newBuilder().setId(r.getId());
        Mono<StreamResponse> result = switch (r.getOperationCase()) {
            case GENERATE -> generate(r.getGenerate(), deadline, "generate.").map(g -> response.setGenerate(g).build());
            case ENCODE -> encode(r.getEncode(), deadline, "encode.").map(e -> response.setEncode(e).build());
            case INTERPOLATE -> interpolate(r.getInterpolate(), deadline, "interpolate.").collectList()
                    .map(frames -> response.setInterpolate(InterpolateResponse.newBuilder().addAllFrames(frames)).build());
            case OPERATION_NOT_SET -> Mono.error(new InvalidRequestException("operation",
                    "missing; set generate, encode or interpolate"));
        };
        return result.onErrorResume(e -> Mono.just(error(r.getId(), ErrorMapper.toStatus(e))));
    }

    // One pipeline per operation, for the unary RPCs and the stream alike: validate (errors become signals), run, map.
    // {@code path} prefixes field names in error messages ("generate." inside a stream request).

    private Mono<GenerateResponse> generate(GenerateRequest r, long deadline, String path) {
        return timer.timed("generate", OperationTimer.modelOf(registry, r.getModel()),
                HeldModel.run(() -> requests.generate(r, deadline, path), Commands.Generate::model, operations::generate)
                        .map(ResponseMapper::generated));
    }

    private Mono<EncodeResponse> encode(EncodeRequest r, long deadline, String path) {
        return timer.timed("encode", OperationTimer.modelOf(registry, r.getModel()),
                HeldModel.run(() -> requests.encode(r, deadline, path), Commands.Encode::model, operations::encode)
                        .map(ResponseMapper::encoded));
    }

    private Flux<InterpolateFrame> interpolate(InterpolateRequest r, long deadline, String path) {
        return timer.timed("interpolate", OperationTimer.modelOf(registry, r.getModel()),
                HeldModel.runMany(() -> requests.interpolate(r, deadline, path), Commands.Interpolate::model,
                        cmd -> operations.interpolate(cmd).map(frame -> ResponseMapper.frame(frame, cmd.model().version()))));
    }

    private static StreamResponse error(String id, Status status) {
        return StreamResponse.newBuilder().setId(id).setError(OperationError.newBuilder()
                .setCode(status.getCode().value())
                .setStatus(status.getCode().name())
                .setMessage(String.valueOf(status.getDescription()))).build();
    }

    @Override
    protected Throwable onErrorMap(Throwable throwable) {
        return ErrorMapper.toException(throwable);
    }
}
