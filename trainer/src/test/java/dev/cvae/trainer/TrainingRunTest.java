package dev.cvae.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.classify.ClassifierOptions;
import dev.cvae.trainer.data.DataSource;
import dev.cvae.trainer.data.ImageFolderDataset;
import dev.cvae.trainer.export.ModelManifest;
import dev.cvae.trainer.export.ModelTarget;
import dev.cvae.trainer.export.Sha256;
import dev.cvae.trainer.model.ArchitectureOptions;
import dev.cvae.trainer.model.LossSpec;
import dev.cvae.trainer.testdata.OrtModel;
import dev.cvae.trainer.testdata.SyntheticStrokes;
import dev.cvae.trainer.train.TrainingOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole training run on a small data set the test makes itself, with the auxiliary label loss on. */
class TrainingRunTest {
    @TempDir
    static Path work;
    static Path data;
    static TrainingRun.Outcome outcome;
    static String log;

    static TrainingSpec spec(Path out, String name) {
        TrainingOptions options = new TrainingOptions(8, 32, 3e-3, LossSpec.bernoulli(1), 5, 1000, 0);
        return new TrainingSpec(DataSource.of(data, "strokes", List.of("horizontal", "vertical", "diagonal", "anti-diagonal")),
                new ModelTarget(out, name, "7"), ArchitectureOptions.mlp(List.of(48), 3, List.of(48)), options,
                new ClassifierOptions(2, 32, 40), "cvae-train --test", false);
    }

    @BeforeAll
    static void train() throws Exception {
        data = SyntheticStrokes.write(Files.createDirectory(work.resolve("data")), 800, 200, 1);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        outcome = new TrainingRun(new PrintStream(buf, true, StandardCharsets.UTF_8)).run(spec(work.resolve("models"), "strokes"));
        log = buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void heldOutLossEndsClearlyBelowWhereItStarted() {
        List<ModelManifest.EpochRecord> metrics = outcome.manifest().metrics();
        assertEquals(9, metrics.size(), "epoch 0 (untrained) plus 8 epochs");
        double initial = metrics.get(0).testNegElbo();
        double last = metrics.get(metrics.size() - 1).testNegElbo();
        assertTrue(last < 0.6 * initial, "test -ELBO went from " + initial + " to " + last);
        assertEquals(last, outcome.manifest().evaluation().testNegElbo(), 1e-9);
    }

    @Test
    void logReportsEachEpochSplitIntoReconstructionAndKlAndTheTestLoss() {
        for (int epoch = 1; epoch <= 8; epoch++) {
            assertTrue(log.contains(String.format("epoch %2d: train rec ", epoch)), "no line for epoch " + epoch + " in\n" + log);
        }
        assertTrue(log.contains("| test -ELBO "), log);
        assertTrue(log.contains("label obedience: "), log);
    }

    @Test
    void modelDirectoryIsCompleteAndChecksumsMatch() throws Exception {
        Path dir = outcome.modelDir();
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("decoder.onnx", "encoder.onnx", "model.json", "report"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        ModelManifest m = ModelManifest.fromJson(Files.readAllBytes(dir.resolve("model.json")));
        assertEquals("strokes", m.name());
        assertEquals("7", m.version());
        assertEquals(new ModelManifest.Image(1, 12, 12), m.image());
        assertEquals(List.of("horizontal", "vertical", "diagonal", "anti-diagonal"), m.labelNames());
        assertEquals(new ModelManifest.Conditioning("one-hot", 4, List.of(new ModelManifest.AttributeInfo("label", "categorical",
                List.of("horizontal", "vertical", "diagonal", "anti-diagonal"), null, null))), m.conditioning());
        assertEquals(3, m.latentDim());
        assertEquals("cvae-train --test", m.training().command());
        assertEquals(4, m.evaluation().labelObedience().perLabel().size());
        for (ModelManifest.NetworkFile net : m.networks().values()) {
            assertEquals(Sha256.hex(Files.readAllBytes(dir.resolve(net.file()))), net.sha256(), net.file());
        }
        try (Stream<Path> siblings = Files.list(dir.getParent())) {
            assertEquals(List.of("strokes"), siblings.map(p -> p.getFileName().toString()).toList(),
                    "no temporary directories are left beside the model");
        }
    }

    @Test
    void exportedModelsLoadInOnnxRuntimeWithTheShapesModelJsonDeclares() throws Exception {
        ModelManifest m = outcome.manifest();
        for (ModelManifest.NetworkFile net : m.networks().values()) {
            try (OrtModel model = new OrtModel(Files.readAllBytes(outcome.modelDir().resolve(net.file())))) {
                for (ModelManifest.Tensor t : net.inputs()) {
                    assertArrayEquals(t.shape().stream().mapToLong(Integer::longValue).toArray(), model.inputShapes().get(t.name()), t.name());
                }
                for (ModelManifest.Tensor t : net.outputs()) {
                    assertArrayEquals(t.shape().stream().mapToLong(Integer::longValue).toArray(), model.outputShapes().get(t.name()), t.name());
                }
            }
        }
        try (OrtModel decoder = new OrtModel(Files.readAllBytes(outcome.modelDir().resolve("decoder.onnx")))) {
            float[][] xHat = decoder.run(Map.of("z", new float[2][3], "c", new float[][] {{1, 0, 0, 0}, {0, 1, 0, 0}})).get("x_hat");
            assertEquals(2, xHat.length);
            assertEquals(144, xHat[0].length);
            for (float p : xHat[0]) assertTrue(p >= 0 && p <= 1, "probability " + p);
        }
    }

    @Test
    void theSameSeedGivesTheSameModel() throws Exception {
        TrainingRun.Outcome again = new TrainingRun(new PrintStream(PrintStream.nullOutputStream()))
                .run(spec(work.resolve("again"), "strokes"));
        assertEquals(outcome.manifest().networks().get("encoder").sha256(), again.manifest().networks().get("encoder").sha256());
        assertEquals(outcome.manifest().networks().get("decoder").sha256(), again.manifest().networks().get("decoder").sha256());
        assertEquals(outcome.manifest().metrics().get(8).testNegElbo(), again.manifest().metrics().get(8).testNegElbo());
    }

    @Test
    void theReportShowsLossCurvesAndSampleGridsAsPngFilesOnOnePage() throws Exception {
        Path report = outcome.modelDir().resolve("report");
        String html = Files.readString(report.resolve("index.html"));
        for (String png : List.of("loss.png", "samples.png", "same-z.png")) {
            BufferedImage img = ImageIO.read(report.resolve(png).toFile());
            assertTrue(img != null && img.getWidth() > 100 && img.getHeight() > 100, png);
            assertTrue(html.contains("<img src=\"" + png + "\""), png + " not on the page");
        }
        // one row of 10 samples per label: 4 rows of 12x12 images drawn 4x, plus 2px gaps
        BufferedImage samples = ImageIO.read(report.resolve("samples.png").toFile());
        assertEquals(4 * (12 * 4 + 2) + 2, samples.getHeight());
        assertTrue(html.contains("horizontal") && html.contains("label obedience"), html);
        // no 2-d latent here: no scatter or manifold
        assertTrue(Files.notExists(report.resolve("latent-scatter.png")));
    }

    @Test
    void aTwoDimensionalLatentAddsTheScatterAndTheManifoldsAndTheReportRunRewritesThem() throws Exception {
        Path out = work.resolve("two-d");
        TrainingOptions options = new TrainingOptions(2, 32, 3e-3, LossSpec.bernoulli(0), 5, 1000, 0);
        TrainingSpec spec = new TrainingSpec(DataSource.of(data, "strokes", List.of("h", "v", "d", "a")), new ModelTarget(out, "flat", "1"),
                ArchitectureOptions.mlp(List.of(32), 2, List.of(32)), options, new ClassifierOptions(1, 16, 10), "cvae-train --test", false);
        PrintStream quiet = new PrintStream(PrintStream.nullOutputStream());
        Path report = new TrainingRun(quiet).run(spec).modelDir().resolve("report");
        byte[] samples = Files.readAllBytes(report.resolve("samples.png"));
        BufferedImage manifold = ImageIO.read(report.resolve("manifold-0.png").toFile());
        assertEquals(15 * (12 * 2 + 2) + 2, manifold.getHeight(), "15 x 15 decoded points");
        assertTrue(Files.exists(report.resolve("manifold-3.png")));
        assertTrue(Files.notExists(report.resolve("manifold-4.png")));
        assertTrue(ImageIO.read(report.resolve("latent-scatter.png").toFile()).getWidth() > 100);

        byte[] decoder = Files.readAllBytes(out.resolve("flat/decoder.onnx"));
        byte[] manifest = Files.readAllBytes(out.resolve("flat/model.json"));
        Files.delete(report.resolve("latent-scatter.png"));
        new ReportRun(quiet).write(out.resolve("flat"), new ReportRun.HeldOutData(data, ImageFolderDataset.BadImages.FAIL, 0.1));
        assertTrue(Files.exists(report.resolve("latent-scatter.png")), "the report run rewrote the report");
        assertArrayEquals(samples, Files.readAllBytes(report.resolve("samples.png")), "the seed in model.json draws the same samples");
        assertArrayEquals(decoder, Files.readAllBytes(out.resolve("flat/decoder.onnx")), "the model itself is untouched");
        assertArrayEquals(manifest, Files.readAllBytes(out.resolve("flat/model.json")), "model.json is untouched");
    }
}
