package dev.cvae.server.grpc;

import static dev.cvae.server.testing.InferRequests.floats;
import static dev.cvae.server.testing.InferRequests.oneHot;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cvae.api.inference.ModelInferRequest;
import dev.cvae.api.inference.ModelInferResponse;
import dev.cvae.api.inference.ModelMetadataRequest;
import dev.cvae.api.inference.ModelMetadataResponse;
import dev.cvae.api.inference.ModelMetadataResponse.TensorMetadata;
import dev.cvae.api.inference.ModelReadyRequest;
import dev.cvae.api.inference.ServerLiveRequest;
import dev.cvae.api.inference.ServerMetadataRequest;
import dev.cvae.api.inference.ServerMetadataResponse;
import dev.cvae.api.inference.ServerReadyRequest;
import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.EncodeResponse;
import dev.cvae.api.v1.FloatVector;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.GeneratedImage;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.ProjectVersion;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.metrics.ServerMetrics;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.InProcessServer;
import dev.cvae.server.testing.InferRequests;
import dev.cvae.server.testing.InferRequests.Tensor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** The Open Inference Protocol on the bundled models: metadata, readiness, and answers equal to cvae.v1's, bit for bit. */
class KServeServiceTest {
    static ModelRegistry registry;
    static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        registry = BundledModels.registry(new BatchPolicy(64, Duration.ofMillis(1), 4096, 1));
        server = new InProcessServer(registry, 1024);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static TensorMetadata tensor(String name, int width) {
        return TensorMetadata.newBuilder().setName(name).setDatatype("FP32").addShape(-1).addShape(width).build();
    }

    private static float[] latents(int rows, long seed) {
        Random random = new Random(seed);
        float[] z = new float[rows * 8];
        for (int i = 0; i < z.length; i++) z[i] = (float) random.nextGaussian();
        return z;
    }

    /** Pixels of mnist images of a class, as cvae.v1 generates them (valid input for the encoder). */
    private static List<GeneratedImage> images(int count, int label) {
        return server.blocking().generate(GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setClassIndex(label))
                .setCount(count).setSeed(label).setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32).build()).getImagesList();
    }

    @Test
    void theServerIsLiveAndReadyAndDescribesItselfWithoutExtensions() {
        assertTrue(server.inference().serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        assertTrue(server.inference().serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
        ServerMetadataResponse meta = server.inference().serverMetadata(ServerMetadataRequest.getDefaultInstance());
        assertEquals("cvae-server", meta.getName());
        assertEquals(ProjectVersion.get(), meta.getVersion());
        assertEquals(List.of(), meta.getExtensionsList());
    }

    @Test
    void eachModelIsServedAsAnEncoderAndADecoderWithTheNetworksTensors() {
        ModelMetadataResponse decoder = server.inference().modelMetadata(ModelMetadataRequest.newBuilder().setName("mnist-decoder").build());
        assertEquals("mnist-decoder", decoder.getName());
        assertEquals(List.of("1"), decoder.getVersionsList());
        assertEquals("onnxruntime_onnx", decoder.getPlatform());
        assertEquals(List.of(tensor("z", 8), tensor("c", 10)), decoder.getInputsList());
        assertEquals(List.of(tensor("x_hat", 784)), decoder.getOutputsList());

        ModelMetadataResponse encoder = server.inference().modelMetadata(ModelMetadataRequest.newBuilder()
                .setName("mnist-2d-encoder").setVersion("1").build());
        assertEquals(List.of(tensor("x", 784), tensor("c", 10)), encoder.getInputsList());
        assertEquals(List.of(tensor("mu", 2), tensor("logvar", 2)), encoder.getOutputsList());
    }

    @Test
    void unknownModelsAndVersionsAreNotFoundForMetadataAndNotReady() {
        StatusRuntimeException model = assertThrows(StatusRuntimeException.class, () ->
                server.inference().modelMetadata(ModelMetadataRequest.newBuilder().setName("mnist").build()));
        assertEquals(Status.Code.NOT_FOUND, model.getStatus().getCode());
        assertEquals("model 'mnist' is not served; served models: fashion-mnist-conv-decoder, fashion-mnist-conv-encoder, "
                + "fashion-mnist-decoder, fashion-mnist-encoder, mnist-2d-decoder, mnist-2d-encoder, mnist-decoder, mnist-encoder",
                model.getStatus().getDescription());
        StatusRuntimeException version = assertThrows(StatusRuntimeException.class, () -> server.inference()
                .modelMetadata(ModelMetadataRequest.newBuilder().setName("mnist-decoder").setVersion("2").build()));
        assertEquals(Status.Code.NOT_FOUND, version.getStatus().getCode());
        assertEquals("model 'mnist-decoder' has no version '2'; served versions: 1", version.getStatus().getDescription());

        assertTrue(server.inference().modelReady(ModelReadyRequest.newBuilder().setName("mnist-encoder").build()).getReady());
        assertTrue(server.inference().modelReady(ModelReadyRequest.newBuilder().setName("mnist-decoder").setVersion("1").build()).getReady());
        assertFalse(server.inference().modelReady(ModelReadyRequest.newBuilder().setName("mnist-decoder").setVersion("2").build()).getReady());
        assertFalse(server.inference().modelReady(ModelReadyRequest.newBuilder().setName("mnist").build()).getReady());
    }

    @Test
    void readinessFollowsTheServersServingState() {
        var images = Schedulers.newSingle("ready-test", true);
        AtomicBoolean serving = new AtomicBoolean(true);
        var service = new KServeGrpcService(registry, new CvaeOperations(images), 8, serving::get, ServerMetrics.disabled().operations());
        ModelReadyRequest mnist = ModelReadyRequest.newBuilder().setName("mnist-decoder").build();
        assertTrue(service.serverReady(Mono.just(ServerReadyRequest.getDefaultInstance())).block().getReady());
        assertTrue(service.modelReady(Mono.just(mnist)).block().getReady());
        serving.set(false); // what CvaeServer reports once its shutdown has begun
        assertFalse(service.serverReady(Mono.just(ServerReadyRequest.getDefaultInstance())).block().getReady());
        assertFalse(service.modelReady(Mono.just(mnist)).block().getReady());
        assertTrue(service.serverLive(Mono.just(ServerLiveRequest.getDefaultInstance())).block().getLive());
        images.dispose();
    }

    @Test
    void theDecoderGivesExactlyThePixelsGenerateGivesForTheSameLatents() {
        float[] z = latents(3, 42);
        GenerateRequest.Builder generate = GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setClassIndex(4))
                .setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32);
        for (int i = 0; i < 3; i++) {
            FloatVector.Builder v = FloatVector.newBuilder();
            for (int j = 0; j < 8; j++) v.addValues(z[i * 8 + j]);
            generate.addLatents(v);
        }
        GenerateResponse v1 = server.blocking().generate(generate.build());
        ByteString expected = ByteString.EMPTY;
        for (GeneratedImage img : v1.getImagesList()) expected = expected.concat(img.getImage().getData());

        for (ModelInferRequest.Builder form : List.of(
                InferRequests.raw("mnist-decoder", new Tensor("z", 3, 8, z), new Tensor("c", 3, 10, oneHot(3, 10, 4))),
                InferRequests.typed("mnist-decoder", new Tensor("z", 3, 8, z), new Tensor("c", 3, 10, oneHot(3, 10, 4))))) {
            ModelInferResponse v2 = server.inference().modelInfer(form.setId("req-7").build());
            assertEquals("req-7", v2.getId());
            assertEquals("mnist-decoder", v2.getModelName());
            assertEquals("1", v2.getModelVersion());
            assertEquals(1, v2.getOutputsCount());
            assertEquals("x_hat", v2.getOutputs(0).getName());
            assertEquals("FP32", v2.getOutputs(0).getDatatype());
            assertEquals(List.of(3L, 784L), v2.getOutputs(0).getShapeList());
            assertEquals(expected, v2.getRawOutputContents(0), "the same float32 bytes as cvae.v1's raw images");
        }
    }

    @Test
    void theEncoderGivesExactlyTheMuAndLogvarOfEncodeInBothDataForms() {
        List<GeneratedImage> images = images(2, 8);
        float[] x = new float[2 * 784];
        float[] mu = new float[2 * 8];
        float[] logvar = new float[2 * 8];
        for (int i = 0; i < 2; i++) {
            System.arraycopy(floats(images.get(i).getImage().getData()), 0, x, i * 784, 784);
            EncodeResponse e = server.blocking().encode(EncodeRequest.newBuilder().setImage(images.get(i).getImage())
                    .setCondition(Condition.newBuilder().setClassIndex(8)).build());
            for (int j = 0; j < 8; j++) {
                mu[i * 8 + j] = e.getMu(j);
                logvar[i * 8 + j] = e.getLogvar(j);
            }
        }
        Tensor xs = new Tensor("x", 2, 784, x);
        Tensor cs = new Tensor("c", 2, 10, oneHot(2, 10, 8));
        for (ModelInferRequest.Builder form : List.of(InferRequests.raw("mnist-encoder", xs, cs),
                InferRequests.typed("mnist-encoder", cs, xs))) {
            ModelInferResponse r = server.inference().modelInfer(form.setModelVersion("1").build());
            assertEquals(List.of("mu", "logvar"), r.getOutputsList().stream().map(o -> o.getName()).toList());
            assertEquals(List.of(2L, 8L), r.getOutputs(1).getShapeList());
            assertArrayEquals(mu, floats(r.getRawOutputContents(0)));
            assertArrayEquals(logvar, floats(r.getRawOutputContents(1)));
        }
    }

    @Test
    void onlyTheRequestedOutputsComeBackInTheOrderAsked() {
        float[] x = floats(images(1, 3).get(0).getImage().getData());
        ModelInferRequest.Builder request = InferRequests.raw("mnist-encoder",
                new Tensor("x", 1, 784, x), new Tensor("c", 1, 10, oneHot(1, 10, 3)));
        ModelInferResponse both = server.inference().modelInfer(request.build());

        ModelInferResponse reversed = server.inference().modelInfer(request.clone()
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("logvar"))
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("mu")).build());
        assertEquals(List.of("logvar", "mu"), reversed.getOutputsList().stream().map(o -> o.getName()).toList());
        assertEquals(both.getRawOutputContents(1), reversed.getRawOutputContents(0));
        assertEquals(both.getRawOutputContents(0), reversed.getRawOutputContents(1));

        ModelInferResponse onlyLogvar = server.inference().modelInfer(request.clone()
                .addOutputs(ModelInferRequest.InferRequestedOutputTensor.newBuilder().setName("logvar")).build());
        assertEquals(1, onlyLogvar.getOutputsCount());
        assertEquals(1, onlyLogvar.getRawOutputContentsCount());
        assertEquals("logvar", onlyLogvar.getOutputs(0).getName());
        assertEquals(both.getRawOutputContents(1), onlyLogvar.getRawOutputContents(0));
    }
}
