package dev.cvae.server.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.EncodeResponse;
import dev.cvae.api.v1.Endpoint;
import dev.cvae.api.v1.FloatVector;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.InterpolateFrame;
import dev.cvae.api.v1.InterpolateRequest;
import dev.cvae.api.v1.ListModelsRequest;
import dev.cvae.api.v1.ListModelsResponse;
import dev.cvae.api.v1.ModelInfo;
import dev.cvae.api.v1.PathKind;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.api.v1.StreamResponse;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.InProcessServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Every RPC against the bundled mnist model, real ONNX Runtime, in-process transport. */
class CvaeServiceTest {
    static ModelRegistry registry;
    static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        // a generous delay, so that concurrent calls meet in one batch even on a loaded machine
        registry = BundledModels.registry(new BatchPolicy(64, Duration.ofMillis(20), 4096, 1));
        server = new InProcessServer(registry, 1024);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Condition label(String name) {
        return Condition.newBuilder().setLabelName(name).build();
    }

    private static Condition classIndex(int i) {
        return Condition.newBuilder().setClassIndex(i).build();
    }

    private static float[] floats(ByteString raw) {
        float[] out = new float[raw.size() / 4];
        raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static StatusRuntimeException callFails(Runnable call) {
        return assertThrows(StatusRuntimeException.class, call::run);
    }

    @Test
    void listModelsDescribesEachServedModel() {
        ListModelsResponse r = server.blocking().listModels(ListModelsRequest.getDefaultInstance());
        assertEquals("mnist", r.getDefaultModel());
        ModelInfo mnist = r.getModelsList().stream().filter(m -> m.getName().equals("mnist")).findFirst().orElseThrow();
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), mnist.getLabelNamesList());
        assertEquals(28, mnist.getImageShape().getHeight());
        assertEquals(1, mnist.getImageShape().getChannels());
        assertEquals("one-hot", mnist.getConditioningKind());
        assertEquals(10, mnist.getConditioningSize());
        assertTrue(mnist.getLatentDim() >= 1);
    }

    @Test
    void generateReturnsPngsOfTheModelShapeWithTheirLatentVectors() throws Exception {
        GenerateResponse r = server.blocking().generate(GenerateRequest.newBuilder()
                .setCondition(label("3")).setCount(4).setSeed(11).build());
        assertEquals("mnist", r.getModel());
        assertEquals(11, r.getSeed());
        assertEquals(4, r.getImagesCount());
        int latent = registry.get("mnist").latentDim();
        for (var img : r.getImagesList()) {
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(img.getImage().getData().toByteArray()));
            assertEquals(28, png.getWidth());
            assertEquals(28, png.getHeight());
            assertEquals(latent, img.getLatentCount());
        }
    }

    @Test
    void rawFloat32OutputHoldsProbabilities() {
        GenerateResponse r = server.blocking().generate(GenerateRequest.newBuilder()
                .setCondition(classIndex(7)).setSeed(3).setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32).build());
        float[] px = floats(r.getImages(0).getImage().getData());
        assertEquals(784, px.length);
        for (float p : px) assertTrue(p >= 0 && p <= 1, "pixel " + p);
    }

    @Test
    void theSameSeedGivesTheSamePixelsAloneOrInsideAFullBatch() {
        GenerateRequest probe = GenerateRequest.newBuilder().setCondition(label("5")).setSeed(1234)
                .setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32).build();
        float[] alone = floats(server.blocking().generate(probe).getImages(0).getImage().getData());

        long batchesBefore = registry.get("mnist").decoder().stats().batches();
        List<Mono<GenerateResponse>> calls = new ArrayList<>();
        calls.add(busyRunner());
        for (int i = 0; i < 63; i++) {
            calls.add(server.reactor().generate(GenerateRequest.newBuilder().setCondition(classIndex(i % 10))
                    .setSeed(i).setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32).build()));
        }
        calls.add(server.reactor().generate(probe));
        List<GenerateResponse> all = Flux.merge(calls).collectList().block(Duration.ofSeconds(60));
        long batches = registry.get("mnist").decoder().stats().batches() - batchesBefore;
        assertTrue(batches < 16 + 64, "64 concurrent calls behind a busy runner ran in " + (batches - 16) + " batches");
        GenerateResponse inBatch = all.stream().filter(g -> g.getSeed() == 1234).findFirst().orElseThrow();
        assertArrayEquals(alone, floats(inBatch.getImages(0).getImage().getData()));
    }

    /**
     * 1,024 images (16 runs of 64): calls made while these run queue behind them and share runs, as they would behind
     * other callers' work. An idle runner sends a lone row at once, so without it concurrent calls might each run alone.
     */
    private static Mono<GenerateResponse> busyRunner() {
        return server.reactor().generate(GenerateRequest.newBuilder().setCondition(classIndex(0)).setCount(1024)
                .setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32).build());
    }

    @Test
    void concurrentCallsAreBatchedAsTheBatcherCountersShow() {
        var decoder = registry.get("mnist").decoder();
        long batchesBefore = decoder.stats().batches();
        long rowsBefore = decoder.stats().rows();
        Flux.concat(Flux.just(busyRunner()), Flux.range(0, 32).map(i -> server.reactor().generate(GenerateRequest.newBuilder()
                .setCondition(classIndex(i % 10)).setSeed(i).build()))).flatMap(call -> call, 33).collectList().block(Duration.ofSeconds(60));
        long batches = decoder.stats().batches() - batchesBefore - 16;
        long rows = decoder.stats().rows() - rowsBefore - 1024;
        assertEquals(32, rows);
        assertTrue(batches < 32, "32 concurrent single-image calls behind a busy runner took " + batches + " inference runs");
        assertTrue(decoder.stats().maxBatchSize() > 1);
    }

    @Test
    void explicitLatentVectorsAreDecodedAndEchoed() {
        int dim = registry.get("mnist").latentDim();
        FloatVector z = FloatVector.newBuilder().addAllValues(IntStream.range(0, dim).mapToObj(i -> 0.5f).toList()).build();
        GenerateResponse r = server.blocking().generate(GenerateRequest.newBuilder().setCondition(label("1"))
                .addLatents(z).addLatents(z).setCount(99).build());
        assertEquals(2, r.getImagesCount(), "count is ignored when latents are given");
        assertEquals(z.getValuesList(), r.getImages(1).getLatentList());
        assertEquals(r.getImages(0).getImage().getData(), r.getImages(1).getImage().getData());
    }

    @Test
    void encodeReturnsThePosteriorAndTheReconstruction() {
        GenerateResponse g = server.blocking().generate(GenerateRequest.newBuilder().setCondition(label("8")).setSeed(5).build());
        EncodeResponse e = server.blocking().encode(EncodeRequest.newBuilder().setImage(g.getImages(0).getImage())
                .setCondition(label("8")).setReconstruct(true).build());
        int dim = registry.get("mnist").latentDim();
        assertEquals(dim, e.getMuCount());
        assertEquals(dim, e.getLogvarCount());
        assertEquals(28, e.getReconstruction().getShape().getWidth());
        assertTrue(e.getReconstruction().getData().size() > 0);
        EncodeResponse noRecon = server.blocking().encode(EncodeRequest.newBuilder().setImage(g.getImages(0).getImage())
                .setCondition(label("8")).build());
        assertEquals(e.getMuList(), noRecon.getMuList());
        assertTrue(!noRecon.hasReconstruction());
    }

    @Test
    void interpolateStreamsFramesInOrderAndMorphsTheCondition() {
        Iterator<InterpolateFrame> frames = server.blocking().interpolate(InterpolateRequest.newBuilder()
                .setStart(Endpoint.newBuilder().setCondition(label("3")).setSeed(1))
                .setEnd(Endpoint.newBuilder().setCondition(label("8")).setSeed(2))
                .setSteps(5).setPath(PathKind.PATH_KIND_SPHERICAL).build());
        List<InterpolateFrame> list = new ArrayList<>();
        frames.forEachRemaining(list::add);
        assertEquals(5, list.size());
        for (int i = 0; i < 5; i++) assertEquals(i, list.get(i).getIndex());
        assertEquals(0f, list.get(0).getT());
        assertEquals(1f, list.get(4).getT());
        assertEquals(1f, list.get(0).getCondition(3));
        assertEquals(1f, list.get(4).getCondition(8));
        assertEquals(0.5f, list.get(2).getCondition(3), 1e-6);
        assertEquals(0.5f, list.get(2).getCondition(8), 1e-6);
    }

    @Test
    void interpolationLongerThanABatchStillArrivesInOrder() {
        Iterator<InterpolateFrame> frames = server.blocking().interpolate(InterpolateRequest.newBuilder()
                .setStart(Endpoint.newBuilder().setCondition(classIndex(0)).setSeed(1))
                .setEnd(Endpoint.newBuilder().setCondition(classIndex(0)).setSeed(2)).setSteps(150).build());
        int expected = 0;
        while (frames.hasNext()) assertEquals(expected++, frames.next().getIndex());
        assertEquals(150, expected);
    }

    @Test
    void aStreamAnswersEveryIdOnceWithTheThreeKindsInterleaved() {
        GenerateResponse g = server.blocking().generate(GenerateRequest.newBuilder().setCondition(label("2")).setSeed(9).build());
        List<StreamRequest> requests = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            StreamRequest.Builder b = StreamRequest.newBuilder().setId("r" + i);
            switch (i % 3) {
                case 0 -> b.setGenerate(GenerateRequest.newBuilder().setCondition(classIndex(i % 10)).setCount(1 + i % 4).setSeed(i));
                case 1 -> b.setEncode(EncodeRequest.newBuilder().setImage(g.getImages(0).getImage()).setCondition(label("2")));
                default -> b.setInterpolate(InterpolateRequest.newBuilder()
                        .setStart(Endpoint.newBuilder().setCondition(classIndex(1)).setSeed(i))
                        .setEnd(Endpoint.newBuilder().setCondition(classIndex(7)).setSeed(i + 1)).setSteps(4));
            }
            requests.add(b.build());
        }
        List<StreamResponse> responses = server.reactor().stream(Flux.fromIterable(requests)).collectList().block(Duration.ofSeconds(60));
        assertEquals(30, responses.size());
        Map<String, StreamResponse> byId = responses.stream().collect(Collectors.toMap(StreamResponse::getId, r -> r));
        assertEquals(requests.stream().map(StreamRequest::getId).collect(Collectors.toSet()), byId.keySet());
        for (int i = 0; i < 30; i++) {
            StreamResponse r = byId.get("r" + i);
            switch (i % 3) {
                case 0 -> assertEquals(1 + i % 4, r.getGenerate().getImagesCount());
                case 1 -> assertEquals(registry.get("mnist").latentDim(), r.getEncode().getMuCount());
                default -> assertEquals(4, r.getInterpolate().getFramesCount());
            }
        }
    }

    @Test
    void aBadRequestOnAStreamGetsAnErrorForItsIdAndTheStreamGoesOn() {
        List<StreamRequest> requests = List.of(
                StreamRequest.newBuilder().setId("ok-1").setGenerate(GenerateRequest.newBuilder().setCondition(classIndex(1))).build(),
                StreamRequest.newBuilder().setId("bad").setGenerate(GenerateRequest.newBuilder().setCondition(label("eleven"))).build(),
                StreamRequest.newBuilder().setId("empty").build(),
                StreamRequest.newBuilder().setId("ok-2").setGenerate(GenerateRequest.newBuilder().setCondition(classIndex(2))).build());
        Map<String, StreamResponse> byId = server.reactor().stream(Flux.fromIterable(requests)).collectList()
                .block(Duration.ofSeconds(60)).stream().collect(Collectors.toMap(StreamResponse::getId, r -> r));
        assertEquals(Set.of("ok-1", "bad", "empty", "ok-2"), byId.keySet());
        assertEquals(Status.Code.INVALID_ARGUMENT.value(), byId.get("bad").getError().getCode());
        assertEquals("INVALID_ARGUMENT", byId.get("bad").getError().getStatus());
        assertTrue(byId.get("bad").getError().getMessage().startsWith("generate.condition.label_name: 'eleven' is not a label of model mnist"),
                byId.get("bad").getError().getMessage());
        assertEquals("operation: missing; set generate, encode or interpolate", byId.get("empty").getError().getMessage());
        assertEquals(1, byId.get("ok-1").getGenerate().getImagesCount());
        assertEquals(1, byId.get("ok-2").getGenerate().getImagesCount());
    }

    @Test
    void invalidArgumentsNameTheFieldTheValueAndWhatWasExpected() {
        Map<GenerateRequest, String> cases = new HashMap<>();
        cases.put(GenerateRequest.newBuilder().setCondition(classIndex(10)).build(),
                "condition.class_index: 10 is outside 0..9 (model mnist has 10 classes)");
        cases.put(GenerateRequest.newBuilder().setCondition(classIndex(1)).setCount(-2).build(), "count: -2 images, expected 1..1024");
        cases.put(GenerateRequest.newBuilder().build(), "condition: missing; set class_index, label_name, attributes or vector");
        cases.put(GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setVector(FloatVector.newBuilder().addValues(1))).build(),
                "condition.vector: 1 values, expected 10 (the conditioning size of model mnist)");
        cases.put(GenerateRequest.newBuilder().setCondition(classIndex(1)).addLatents(FloatVector.newBuilder().addValues(1)).build(),
                "latents[0]: 1 values, expected " + registry.get("mnist").latentDim() + " (the latent size of model mnist)");
        cases.forEach((request, message) -> {
            StatusRuntimeException e = callFails(() -> server.blocking().generate(request));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertEquals(message, e.getStatus().getDescription());
        });
        StatusRuntimeException badImage = callFails(() -> server.blocking().encode(EncodeRequest.newBuilder()
                .setCondition(classIndex(1)).setImage(dev.cvae.api.v1.Image.newBuilder().setData(ByteString.copyFromUtf8("nope"))).build()));
        assertEquals("image.data: not a readable PNG image (4 bytes)", badImage.getStatus().getDescription());
        StatusRuntimeException steps = callFails(() -> server.blocking().interpolate(InterpolateRequest.newBuilder()
                .setStart(Endpoint.newBuilder().setCondition(classIndex(1)).setSeed(1))
                .setEnd(Endpoint.newBuilder().setCondition(classIndex(2)).setSeed(2)).setSteps(1).build()).hasNext());
        assertEquals("steps: 1, expected 2..1024", steps.getStatus().getDescription());
    }

    @Test
    void anUnknownModelIsNotFound() {
        StatusRuntimeException e = callFails(() -> server.blocking().generate(GenerateRequest.newBuilder()
                .setModel("nope").setCondition(classIndex(1)).build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertNotNull(e.getStatus().getDescription());
        assertTrue(e.getStatus().getDescription().startsWith("model 'nope' is not served; served models: "));
    }

    @Test
    void rawFloatImagesAreAcceptedForEncoding() {
        float[] px = new float[784];
        px[300] = 1f;
        ByteBuffer buf = ByteBuffer.allocate(784 * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(px);
        EncodeResponse e = server.blocking().encode(EncodeRequest.newBuilder().setCondition(classIndex(1))
                .setImage(dev.cvae.api.v1.Image.newBuilder().setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32)
                        .setData(ByteString.copyFrom(buf.array()))
                        .setShape(dev.cvae.api.v1.ImageShape.newBuilder().setChannels(1).setHeight(28).setWidth(28)))
                .build());
        assertEquals(registry.get("mnist").latentDim(), e.getMuCount());
    }
}
