package dev.cvae.server.grpc;

import dev.cvae.api.inference.ModelInferRequest;
import dev.cvae.api.inference.ModelInferResponse;
import dev.cvae.api.inference.ModelMetadataRequest;
import dev.cvae.api.inference.ModelMetadataResponse;
import dev.cvae.api.inference.ModelMetadataResponse.TensorMetadata;
import dev.cvae.api.inference.ModelReadyRequest;
import dev.cvae.api.inference.ModelReadyResponse;
import dev.cvae.api.inference.ReactorGRPCInferenceServiceGrpc;
import dev.cvae.api.inference.ServerLiveRequest;
import dev.cvae.api.inference.ServerLiveResponse;
import dev.cvae.api.inference.ServerMetadataRequest;
import dev.cvae.api.inference.ServerMetadataResponse;
import dev.cvae.api.inference.ServerReadyRequest;
import dev.cvae.api.inference.ServerReadyResponse;
import dev.cvae.api.ProjectVersion;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.inference.HeldModel;
import dev.cvae.server.metrics.OperationMetrics;
import dev.cvae.server.metrics.OperationTimer;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.runtime.InferenceFunction.Port;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import reactor.core.publisher.Mono;

/**
 * The Open Inference Protocol (KServe v2 gRPC, {@code inference.GRPCInferenceService}) beside cvae.v1: each
 * CVAE model {@code M} is served as {@code M-encoder} and {@code M-decoder} ({@link V2Model}), with FP32
 * tensors of shape [-1, width] and platform {@code onnxruntime_onnx}. {@code ModelInfer} is validated by
 * {@link InferTensors} and runs through {@link CvaeOperations#infer}, on the same batchers as cvae.v1, with the
 * call's deadline; a cancelled call withdraws its queued rows. Failures map to statuses as on cvae.v1
 * ({@link ErrorMapper}).
 *
 * <p>No protocol extension is claimed: requests' {@code parameters} are ignored, and answers always come in
 * {@code raw_output_contents}. Thread-safe.
 */
public final class KServeGrpcService extends ReactorGRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    /** What {@code ServerMetadata} names the server. */
    public static final String SERVER_NAME = "cvae-server";
    /** The platform of every v2 model, as Triton and KServe name ONNX models. */
    public static final String PLATFORM = "onnxruntime_onnx";

    private final ModelRegistry registry;
    private final CvaeOperations operations;
    private final InferTensors tensors;
    private final BooleanSupplier serving;
    private final OperationTimer timer;

    /**
     * @param maxRows the most rows (batch size) one request may send, as cvae.v1's most images per request
     * @param serving true until the server begins to shut down; {@code ServerReady} and {@code ModelReady} report it
     * @param metrics records each ModelInfer's latency and outcome as operation {@code infer}, by v2 model name
     */
    public KServeGrpcService(ModelRegistry registry, CvaeOperations operations, int maxRows, BooleanSupplier serving,
                             OperationMetrics metrics) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.operations = Objects.requireNonNull(operations, "operations");
        this.tensors = new InferTensors(maxRows);
        this.serving = Objects.requireNonNull(serving, "serving");
        this.timer = new OperationTimer(Objects.requireNonNull(metrics, "metrics"), ErrorMapper::outcome);
    }

    /** A checked ModelInfer and the v2 model it runs on. */
    private record Request(V2Model model, InferTensors.Checked checked) {
    }

    @Override
    public Mono<ServerLiveResponse> serverLive(Mono<ServerLiveRequest> request) {
        return request.map(r -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public Mono<ServerReadyResponse> serverReady(Mono<ServerReadyRequest> request) {
        return request.map(r -> ServerReadyResponse.newBuilder().setReady(serving.getAsBoolean()).build());
    }

    /** Not ready, rather than an error, for a model or version that is not served: a probe may ask before it is. */
    @Override
    public Mono<ModelReadyResponse> modelReady(Mono<ModelReadyRequest> request) {
        return request.map(r -> ModelReadyResponse.newBuilder().setReady(serving.getAsBoolean()
                && V2Model.lookup(registry, r.getName()).map(m -> r.getVersion().isEmpty() || m.versions(registry).contains(r.getVersion()))
                        .orElse(false)).build());
    }

    @Override
    public Mono<ServerMetadataResponse> serverMetadata(Mono<ServerMetadataRequest> request) {
        return request.map(r -> ServerMetadataResponse.newBuilder().setName(SERVER_NAME).setVersion(ProjectVersion.get()).build());
    }

    @Override
    public Mono<ModelMetadataResponse> modelMetadata(Mono<ModelMetadataRequest> request) {
        return request.map(r -> metadata(V2Model.find(registry, r.getName(), r.getVersion(), "name"), registry));
    }

    @Override
    public Mono<ModelInferResponse> modelInfer(Mono<ModelInferRequest> request) {
        long deadline = CallDeadline.nanos();
        return request.flatMap(r -> timer.timed("infer", () -> V2Model.lookup(registry, r.getModelName()).map(V2Model::name).orElse("unknown"),
                HeldModel.run(() -> {
                    V2Model model = V2Model.find(registry, r.getModelName(), r.getModelVersion(), "model_name");
                    return new Request(model, tensors.read(r, model, deadline));
                }, held -> held.model().model(), held -> operations.infer(held.checked().command())
                        .map(out -> InferTensors.response(r, held.model(), held.checked(), out)))));
    }

    private static ModelMetadataResponse metadata(V2Model model, ModelRegistry registry) {
        return ModelMetadataResponse.newBuilder()
                .setName(model.name())
                .addAllVersions(model.versions(registry))
                .setPlatform(PLATFORM)
                .addAllInputs(tensors(model.inputs()))
                .addAllOutputs(tensors(model.outputs()))
                .build();
    }

    private static List<TensorMetadata> tensors(List<Port> ports) {
        return ports.stream().map(p -> TensorMetadata.newBuilder()
                .setName(p.name()).setDatatype(InferTensors.FP32).addShape(-1).addShape(p.width()).build()).toList();
    }

    @Override
    protected Throwable onErrorMap(Throwable throwable) {
        return ErrorMapper.toException(throwable);
    }
}
