package dev.cvae.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvae.trainer.testdata.ImageFiles;
import dev.cvae.trainer.testdata.PngFigure;
import dev.cvae.trainer.testdata.SyntheticStrokes;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cvae-train report MODEL_DIR: every figure of the report drawn again from a tiny model's files, and nothing else touched. */
class ReportCommandTest {
    @TempDir
    static Path work;
    static Path data;
    static Path model;

    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private int run(String... args) {
        return TrainCli.run(log, err, args);
    }

    /** A tiny model with a 2-dimensional latent, so that its report has every kind of figure. */
    @BeforeAll
    static void train() throws Exception {
        data = SyntheticStrokes.write(Files.createDirectory(work.resolve("data")), 80, 16, 2);
        model = TrainCli.tinyModel(work, data, 2);
    }

    @Test
    void reportRedrawsEveryFigureAsANonBlankPngOfItsSize() throws Exception {
        Map<String, byte[]> before = modelFiles();
        deleteReport();
        assertEquals(ExitCodes.OK, run("report", model.toString(), "--data", data.toString()), err.toString());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("wrote " + model + "/report/index.html"), log.toString(StandardCharsets.UTF_8));

        Path report = model.resolve("report");
        int cell = 12 * 4 + 2; // 12x12 images drawn 4x, 2px gaps
        figure(report, "loss.png").hasSize(3 * 380, 280).isNotBlank();
        figure(report, "samples.png").hasSize(130 + 10 * cell + 2, 4 * cell + 2).isNotBlank();
        figure(report, "same-z.png").hasSize(130 + 10 * cell + 2, 4 * cell + 2).isNotBlank();
        figure(report, "latent-scatter.png").hasSize(640, 600).isNotBlank();
        for (int label = 0; label < 4; label++) {
            figure(report, "manifold-" + label + ".png").hasSize(15 * (12 * 2 + 2) + 2, 15 * (12 * 2 + 2) + 2).isNotBlank();
        }
        String html = Files.readString(report.resolve("index.html"));
        for (String png : new String[] {"loss.png", "samples.png", "same-z.png", "latent-scatter.png", "manifold-3.png"}) {
            assertTrue(html.contains("<img src=\"" + png + "\""), png + " is not on the page");
        }
        Map<String, byte[]> after = modelFiles();
        assertEquals(before.keySet(), after.keySet());
        assertArrayEquals(before.get("encoder.onnx"), after.get("encoder.onnx"), "encoder.onnx changed");
        assertArrayEquals(before.get("decoder.onnx"), after.get("decoder.onnx"), "decoder.onnx changed");
        // with --data the bound on the held-out images is recorded, and nothing else in model.json changes
        ObjectMapper json = new ObjectMapper();
        ObjectNode written = (ObjectNode) json.readTree(after.get("model.json"));
        JsonNode bound = ((ObjectNode) written.get("evaluation")).remove("bound");
        assertEquals(16, bound.get("testImages").asInt(), bound.toString());
        assertEquals(64, bound.get("k").asInt(), bound.toString());
        ObjectNode original = (ObjectNode) json.readTree(before.get("model.json"));
        ((ObjectNode) original.get("evaluation")).remove("bound");
        assertEquals(original, written);
        assertTrue(html.contains("negative IWAE"), html);
    }

    @Test
    void aTwoDimensionalLatentNeedsTheDataAndSaysSo() throws Exception {
        assertEquals(ExitCodes.USAGE, run("report", model.toString()));
        assertTrue(err.toString().contains("has a 2-dimensional latent: its report plots the held-out images' posterior means; give --data"),
                err.toString());
    }

    @Test
    void aDirectoryThatIsNoModelIsRefusedByName() {
        assertEquals(ExitCodes.USAGE, run("report", data.toString()));
        assertTrue(err.toString().contains(data + " has no encoder.onnx; is it a model directory?"), err.toString());
    }

    @Test
    void dataThatConditionsOtherwiseThanTheModelIsRefused() throws Exception {
        Path folders = Files.createDirectories(work.resolve("two-colours"));
        ImageFiles.solid(folders, "greens", Color.GREEN, 6, 12, 12, "png");
        ImageFiles.solid(folders, "reds", Color.RED, 6, 12, 12, "png");
        assertEquals(ExitCodes.USAGE, run("report", model.toString(), "--data", folders.toString(), "--validation-split", "0.5"));
        assertTrue(err.toString().contains("the data conditions as Conditioning[kind=one-hot, size=2"), err.toString());
        assertEquals(ExitCodes.USAGE, run("report", model.toString(), "--data", data.toString(), "--validation-split", "2"));
        assertTrue(err.toString().contains("--validation-split must be between 0 and 1, got 2.0"), err.toString());
    }

    @Test
    void theDeprecatedReportOnlyOptionStillRewritesTheReport() throws Exception {
        deleteReport();
        assertEquals(ExitCodes.OK, run("--data", data.toString(), "--out", model.getParent().toString(), "--name", "tiny", "--report-only"),
                err.toString());
        assertTrue(err.toString().contains("--report-only is deprecated; use: cvae-train report " + model), err.toString());
        figure(model.resolve("report"), "latent-scatter.png").hasSize(640, 600);
    }

    private static PngFigure figure(Path report, String name) throws IOException {
        return PngFigure.of(name, Files.readAllBytes(report.resolve(name)));
    }

    private static void deleteReport() throws IOException {
        try (Stream<Path> files = Files.list(model.resolve("report"))) {
            for (Path f : (Iterable<Path>) files::iterator) Files.delete(f);
        }
    }

    /** The model's own files, report/ aside. */
    private static Map<String, byte[]> modelFiles() throws IOException {
        return Map.of("model.json", Files.readAllBytes(model.resolve("model.json")),
                "encoder.onnx", Files.readAllBytes(model.resolve("encoder.onnx")),
                "decoder.onnx", Files.readAllBytes(model.resolve("decoder.onnx")));
    }
}
