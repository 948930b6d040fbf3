package dev.cvae.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.api.v1.Attributes;
import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.EncodeResponse;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.ListModelsRequest;
import dev.cvae.api.v1.ModelInfo;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.InProcessServer;
import dev.cvae.trainer.TrainingRun;
import dev.cvae.trainer.TrainingSpec;
import dev.cvae.trainer.classify.ClassifierOptions;
import dev.cvae.trainer.data.Attribute;
import dev.cvae.trainer.data.DataSource;
import dev.cvae.trainer.data.FolderOptions;
import dev.cvae.trainer.data.ImageFolderDataset;
import dev.cvae.trainer.data.ImageShape;
import dev.cvae.trainer.export.ModelManifest;
import dev.cvae.trainer.export.ModelTarget;
import dev.cvae.trainer.model.ArchitectureOptions;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.LossSpec;
import dev.cvae.trainer.testdata.SyntheticShapes;
import dev.cvae.trainer.testdata.SyntheticStrokes;
import dev.cvae.trainer.train.TrainingOptions;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * For each architecture / conditioning / loss combination: train a small model with the real trainer on data
 * the test makes, check that the held-out loss fell, then serve the exported directory with the real server
 * (ONNX Runtime, unchanged server code) and generate and encode under a condition built from names.
 * Export parity (ONNX Runtime vs DL4J within 1e-5) of each architecture is the trainer's OnnxParityTest.
 */
class EveryModelKindServesTest {

    /** Data the case writes into a folder; returns the --data path. */
    interface DataMaker {
        Path make(Path dir) throws Exception;
    }

    record Case(String name, DataMaker data, ImageShape shape, ArchitectureOptions arch, LossSpec loss,
                Map<String, Attribute.Type> types, String kind, Condition condition, Condition badCondition, String badField) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final LossSpec BERNOULLI = LossSpec.bernoulli(1);

    static Stream<Arguments> cases() {
        ArchitectureOptions mlp = ArchitectureOptions.mlp(List.of(48), 3, List.of(48));
        return Stream.of(
                new Case("mlp, one-hot classes, bernoulli (IDX)",
                        dir -> SyntheticStrokes.write(dir, 240, 80, 1), null, mlp, BERNOULLI, Map.of(), "one-hot",
                        label("d"), label("7"), "condition.label_name"),
                new Case("conv 28x28, one-hot classes, gaussian with KL warm-up (image folder)",
                        dir -> SyntheticShapes.folder(dir, SyntheticShapes.ORIENTATIONS, 40, 28, 2), new ImageShape(1, 28, 28),
                        conv(List.of(8, 16), 0), new LossSpec(LossSpec.Reconstruction.GAUSSIAN, 0.2, 1, 2, 0, 1), Map.of(),
                        "one-hot", label("h"), classIndex(4), "condition.class_index"),
                new Case("conv 128x128, binary label (image folder, label=binary)",
                        dir -> SyntheticShapes.folder(dir, List.of("absent", "present"), 40, 128, 3), new ImageShape(1, 128, 128),
                        conv(List.of(4, 8, 8, 8), 0), BERNOULLI, Map.of("label", Attribute.Type.BINARY), "binary",
                        label("present"), label("maybe"), "condition.label_name"),
                new Case("conv RGB 32x32, learned label embedding (image folder)",
                        dir -> SyntheticShapes.folder(dir, SyntheticShapes.ORIENTATIONS, 30, 32, 4), new ImageShape(3, 32, 32),
                        conv(List.of(8, 16), 4), BERNOULLI, Map.of(), "one-hot", classIndex(1), classIndex(-1),
                        "condition.class_index"),
                new Case("mlp, several attributes (CSV: categorical, binary, scalar), free bits",
                        dir -> SyntheticShapes.csv(dir, 200, 16, 5, true), new ImageShape(1, 16, 16), mlp,
                        new LossSpec(LossSpec.Reconstruction.BERNOULLI, 0.1, 1, 0, 0.1, 1),
                        Map.of("thickness", Attribute.Type.BINARY, "brightness", Attribute.Type.SCALAR), "multi-attribute",
                        attributes(Map.of("orientation", "h", "thickness", "thick", "brightness", "0.8")),
                        attributes(Map.of("orientation", "h", "thickness", "thick")), "condition.attributes"),
                new Case("mlp, one scalar attribute (CSV), gaussian",
                        dir -> scalarOnly(SyntheticShapes.csv(dir, 160, 16, 6, false)), new ImageShape(1, 16, 16), mlp,
                        new LossSpec(LossSpec.Reconstruction.GAUSSIAN, 0.2, 1, 0, 0, 0), Map.of("brightness", Attribute.Type.SCALAR),
                        "scalar", label("0.7"), label("bright"), "condition.label_name")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void trainsThenServes(Case c, @TempDir Path work) throws Exception {
        Path data = c.data().make(Files.createDirectories(work.resolve("data")));
        Path out = work.resolve("models");
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        DataSource source = DataSource.of(data, "synthetic", List.of("h", "v", "d", "a")).withAttributeTypes(c.types());
        if (c.shape() != null) source = source.withFolder(new FolderOptions(c.shape(), ImageFolderDataset.BadImages.FAIL, 0.2));
        TrainingSpec spec = new TrainingSpec(source, new ModelTarget(out, "m", "1"), c.arch(),
                new TrainingOptions(5, 16, 3e-3, c.loss(), 11, 1000, 0), new ClassifierOptions(1, 32, 10), "cvae-train --test", false);
        ModelManifest m = new TrainingRun(new PrintStream(logBytes, true, StandardCharsets.UTF_8)).run(spec).manifest();
        String log = logBytes.toString(StandardCharsets.UTF_8);

        double untrained = m.metrics().get(0).testNegElbo();
        double trained = m.evaluation().testNegElbo();
        assertTrue(trained < 0.9 * untrained, "held-out -ELBO " + untrained + " -> " + trained + "\n" + log);
        assertEquals(c.kind(), m.conditioning().kind());
        assertEquals(c.arch().kind().id(), m.architecture().type());

        try (ModelRegistry registry = ModelRegistry.load(out, BundledModels.loader(new BatchPolicy(16, Duration.ofMillis(1), 256, 1)), "m");
             InProcessServer server = new InProcessServer(registry, 256)) {
            ModelInfo info = server.blocking().listModels(ListModelsRequest.getDefaultInstance()).getModels(0);
            assertEquals(c.kind(), info.getConditioningKind());
            assertEquals(m.conditioning().attributes().stream().map(ModelManifest.AttributeInfo::name).toList(),
                    info.getAttributesList().stream().map(a -> a.getName()).toList());

            GenerateResponse g = server.blocking().generate(GenerateRequest.newBuilder().setModel("m").setCondition(c.condition())
                    .setCount(3).setSeed(5).setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32).build());
            assertEquals(3, g.getImagesCount());
            int pixels = m.image().channels() * m.image().height() * m.image().width();
            assertEquals(pixels * 4, g.getImages(0).getImage().getData().size());
            for (var image : g.getImagesList()) {
                ByteBuffer buf = image.getImage().getData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < pixels; i++) {
                    float v = buf.getFloat();
                    assertTrue(v >= 0 && v <= 1, "pixel " + i + " = " + v);
                }
            }

            EncodeResponse e = server.blocking().encode(EncodeRequest.newBuilder().setModel("m").setImage(g.getImages(0).getImage())
                    .setCondition(c.condition()).setReconstruct(true).setFormat(ImageFormat.IMAGE_FORMAT_PNG).build());
            assertEquals(m.latentDim(), e.getMuCount());
            assertTrue(e.getReconstruction().getData().size() > 0);

            StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> server.blocking().generate(
                    GenerateRequest.newBuilder().setModel("m").setCondition(c.badCondition()).setSeed(1).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
            assertTrue(bad.getStatus().getDescription().startsWith(c.badField()), bad.getStatus().getDescription());
        }
    }

    private static ArchitectureOptions conv(List<Integer> convChannels, int embedding) {
        return new ArchitectureOptions(CvaeArchitecture.Kind.CONV, convChannels, List.of(32), 3, List.of(32), embedding);
    }

    private static Condition label(String name) {
        return Condition.newBuilder().setLabelName(name).build();
    }

    private static Condition classIndex(int index) {
        return Condition.newBuilder().setClassIndex(index).build();
    }

    private static Condition attributes(Map<String, String> values) {
        return Condition.newBuilder().setAttributes(Attributes.newBuilder().putAllValues(values)).build();
    }

    /** The manifest with only its path and brightness columns. */
    private static Path scalarOnly(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv).stream().map(l -> {
            String[] f = l.split(",");
            return f[0] + "," + f[3];
        }).toList();
        Files.write(csv, lines);
        return csv;
    }
}
