package dev.cvae.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.EncodeResponse;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.ImageShape;
import dev.cvae.api.v1.ListModelsRequest;
import dev.cvae.api.v1.ModelInfo;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.InProcessServer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every model bundled under models/ is served: one image per label, each encodable again, on real ONNX Runtime. */
class BundledModelsServeTest {
    static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new InProcessServer(BundledModels.registry(new BatchPolicy(64, Duration.ofMillis(1), 4096, 1)), 1024);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static Set<String> bundledDirectories() throws Exception {
        try (Stream<Path> dirs = Files.list(BundledModels.DIR)) {
            return dirs.filter(d -> !d.getFileName().toString().startsWith("."))
                    .filter(d -> Files.isRegularFile(d.resolve("model.json")))
                    .map(d -> d.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void everyBundledModelIsServed() throws Exception {
        Set<String> served = server.blocking().listModels(ListModelsRequest.getDefaultInstance()).getModelsList().stream()
                .map(ModelInfo::getName).collect(Collectors.toSet());
        assertEquals(bundledDirectories(), served);
        assertTrue(served.contains("mnist"), "the default model is served: " + served);
    }

    @Test
    void everyBundledModelGeneratesEachLabelAndEncodesItsOwnImage() {
        for (ModelInfo model : server.blocking().listModels(ListModelsRequest.getDefaultInstance()).getModelsList()) {
            ImageShape shape = model.getImageShape();
            int pixels = shape.getChannels() * shape.getHeight() * shape.getWidth();
            Set<ByteString> distinct = new HashSet<>();
            for (String label : model.getLabelNamesList()) {
                Condition c = Condition.newBuilder().setLabelName(label).build();
                GenerateResponse g = server.blocking().generate(GenerateRequest.newBuilder().setModel(model.getName())
                        .setCondition(c).setSeed(7).setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32).build());
                ByteString data = g.getImages(0).getImage().getData();
                String what = model.getName() + " '" + label + "'";
                assertEquals(pixels * 4, data.size(), what);
                float[] px = new float[pixels];
                data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(px);
                for (float p : px) assertTrue(p >= 0 && p <= 1, what + ": pixel " + p);
                distinct.add(data);

                EncodeResponse e = server.blocking().encode(EncodeRequest.newBuilder().setModel(model.getName())
                        .setImage(g.getImages(0).getImage()).setCondition(c).setReconstruct(true).build());
                assertEquals(model.getLatentDim(), e.getMuCount(), what);
                assertEquals(shape, e.getReconstruction().getShape(), what);
            }
            assertEquals(model.getLabelNamesCount(), distinct.size(),
                    model.getName() + ": the same latent vector under each label gives a different image");
        }
    }
}
