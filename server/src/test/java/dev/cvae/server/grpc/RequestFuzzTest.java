package dev.cvae.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cvae.api.inference.ModelInferRequest;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.batch.Batcher;
import dev.cvae.server.inference.Commands;
import dev.cvae.server.inference.InvalidRequestException;
import dev.cvae.server.model.ModelDescriptor;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.model.ServedModel;
import dev.cvae.server.runtime.InferenceFunction.Port;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.CheckedCommands;
import dev.cvae.server.testing.GatedFunction;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the API's edge: random bytes parsed as a cvae.v1 {@code StreamRequest} or an Open
 * Inference Protocol {@code ModelInferRequest}, then validated and mapped exactly as the services do, against
 * the bundled models plus a multi-attribute RGB model. Whatever the bytes, the outcome is a command that fits its
 * model, or a failure that {@link ErrorMapper} answers INVALID_ARGUMENT or NOT_FOUND with a short message
 * naming the field; anything else (INTERNAL, an Error) is a finding.
 *
 * <p>{@code ./mvnw verify} runs the saved inputs under {@code RequestFuzzTestInputs/} (regression mode);
 * {@code JAZZER_FUZZ=1} fuzzes one method (README, "Fuzzing").
 */
class RequestFuzzTest {
    private static final int MAX_ROWS = 64;

    private static ModelRegistry bundled;
    private static ServedModel faces;
    private static ModelRegistry registry;
    private static RequestMapper mapper;
    private static InferTensors tensors;

    @BeforeAll
    static void open() throws Exception {
        BatchPolicy policy = new BatchPolicy(MAX_ROWS, Duration.ofMillis(1), 4096, 1);
        bundled = BundledModels.registry(policy);
        faces = facesModel(policy);
        List<ServedModel> models = new ArrayList<>(bundled.all());
        models.add(faces);
        registry = ModelRegistry.of(models, "mnist");
        mapper = new RequestMapper(registry, MAX_ROWS);
        tensors = new InferTensors(MAX_ROWS);
    }

    @AfterAll
    static void close() throws Exception {
        bundled.close();
        faces.encoder().close(1, java.util.concurrent.TimeUnit.SECONDS);
        faces.decoder().close(1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** RGB 3x8x8; c = [label one-hot over a, b, c | smiling 0/1 | age]; never run, only mapped to. */
    private static ServedModel facesModel(BatchPolicy policy) {
        ModelDescriptor d = new ModelDescriptor(1, "faces", "2", new ModelDescriptor.Image(3, 8, 8), List.of("a", "b", "c"),
                new ModelDescriptor.Conditioning("multi-attribute", 5, List.of(
                        new ModelDescriptor.Attribute("label", ModelDescriptor.Attribute.CATEGORICAL, List.of("a", "b", "c"), null, null),
                        new ModelDescriptor.Attribute("smiling", ModelDescriptor.Attribute.BINARY, List.of("no", "yes"), null, null),
                        new ModelDescriptor.Attribute("age", ModelDescriptor.Attribute.SCALAR, List.of(), 0.0, 90.0))),
                4, Map.of());
        return new ServedModel(d,
                new Batcher("faces/encoder", new GatedFunction(List.of(new Port("x", 192), new Port("c", 5)),
                        List.of(new Port("mu", 4), new Port("logvar", 4)), false), policy),
                new Batcher("faces/decoder", new GatedFunction(List.of(new Port("z", 4), new Port("c", 5)),
                        List.of(new Port("x_hat", 192)), false), policy));
    }

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"mnist", "fashion-mnist", "fashion-mnist-conv", "mnist-2d", "faces", "label", "smiling", "age",
            "yes", "Trouser", "IHDR", "IDAT", "IEND"})
    void streamRequestsBecomeCommandsOrInvalidArguments(byte[] bytes) {
        StreamRequest r;
        try {
            r = StreamRequest.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return; // gRPC answers what does not parse before the service sees it
        }
        try {
            switch (r.getOperationCase()) {
                case GENERATE -> CheckedCommands.check(mapper.generate(r.getGenerate(), 0, "generate."), MAX_ROWS);
                case ENCODE -> CheckedCommands.check(mapper.encode(r.getEncode(), 0, "encode."));
                case INTERPOLATE -> CheckedCommands.check(mapper.interpolate(r.getInterpolate(), 0, "interpolate."), MAX_ROWS);
                case OPERATION_NOT_SET -> {
                }
            }
        } catch (RuntimeException e) {
            assertClean(e);
        }
    }

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"mnist-encoder", "mnist-decoder", "faces-encoder", "faces-decoder", "FP32", "x", "c", "z", "mu",
            "logvar", "x_hat"})
    void modelInferRequestsBecomeCommandsOrInvalidArguments(byte[] bytes) {
        ModelInferRequest r;
        try {
            r = ModelInferRequest.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return;
        }
        try {
            V2Model model = V2Model.find(registry, r.getModelName(), r.getModelVersion(), "model_name");
            InferTensors.Checked checked = tensors.read(r, model, 0);
            Commands.Infer infer = checked.command();
            assertTrue(infer.rows() >= 1 && infer.rows() <= MAX_ROWS, "rows " + infer.rows());
            for (Port p : model.inputs()) assertEquals(infer.rows() * p.width(), infer.inputs().get(p.name()).length, p.name());
            assertTrue(model.outputs().containsAll(checked.outputs()));
        } catch (RuntimeException e) {
            assertClean(e);
        }
    }

    /**
     * The failure is one the services answer INVALID_ARGUMENT or NOT_FOUND, with a description short enough for an
     * HTTP/2 trailer ({@link ErrorMapper#bounded}); anything else is rethrown, as a finding.
     */
    static void assertClean(RuntimeException e) {
        Status status = ErrorMapper.classify(e);
        if (status.getCode() != Status.Code.INVALID_ARGUMENT && status.getCode() != Status.Code.NOT_FOUND) throw e;
        String description = status.getDescription();
        assertTrue(description != null && !description.isBlank(), () -> "an error without a message: " + e);
        assertTrue(description.length() <= ErrorMapper.MAX_DESCRIPTION, () -> description.length() + " characters: " + description);
        if (e instanceof InvalidRequestException invalid) assertTrue(!invalid.field().isBlank(), description);
    }
}
