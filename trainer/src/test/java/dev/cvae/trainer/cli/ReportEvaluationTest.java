package dev.cvae.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvae.trainer.judge.JudgeCard;
import dev.cvae.trainer.judge.TinyJudges;
import dev.cvae.trainer.testdata.PngFigure;
import dev.cvae.trainer.testdata.SyntheticStrokes;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cvae-train report MODEL_DIR --judge DIR: the importance-weighted bound and obedience by both independent judges are
 * measured through the ONNX files, recorded in model.json without touching its other fields, and shown in the report,
 * also when the report is drawn again later without the judge.
 */
class ReportEvaluationTest {
    static final String LABELS = "0,1,2,3";

    @TempDir
    static Path work;
    static Path data;
    static Path judge;
    static Path model;

    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private int run(String... args) {
        return TrainCli.run(log, err, args);
    }

    @BeforeAll
    static void trainModelAndJudge() throws Exception {
        data = SyntheticStrokes.write(Files.createDirectory(work.resolve("strokes")), 400, 100, 5);
        model = TrainCli.tinyModel(work, data, 3);
        judge = work.resolve("judges/strokes");
        TinyJudges.train(judge, data, LABELS);
    }

    @Test
    void theBoundAndBothJudgesAreRecordedInModelJsonAndShownInTheReport() throws Exception {
        ObjectMapper json = new ObjectMapper();
        // a section the trainer does not know (the server's) must survive
        ObjectNode withServing = (ObjectNode) json.readTree(model.resolve("model.json").toFile());
        withServing.putObject("serving").put("temperature", 0.7);
        Files.write(model.resolve("model.json"), json.writeValueAsBytes(withServing));
        byte[] decoder = Files.readAllBytes(model.resolve("decoder.onnx"));

        assertEquals(ExitCodes.OK, run("report", model.toString(), "--judge", judge.toString(), "--judge-data", data.toString(),
                "--samples-per-label", "30", "--knn", "3", "--iwae-k", "16"), err + log.toString(StandardCharsets.UTF_8));

        JsonNode written = json.readTree(model.resolve("model.json").toFile());
        assertEquals(0.7, written.get("serving").get("temperature").asDouble(), written.toString());
        assertArrayEquals(decoder, Files.readAllBytes(model.resolve("decoder.onnx")));

        JsonNode bound = written.get("evaluation").get("bound");
        assertEquals(100, bound.get("testImages").asInt(), bound.toString());
        assertEquals(16, bound.get("k").asInt());
        assertTrue(bound.get("negIwae").asDouble() < bound.get("negElbo").asDouble(), bound.toString());
        assertTrue(bound.get("data").asText().endsWith("(test split)"), bound.toString());

        JsonNode judged = written.get("evaluation").get("independentObedience");
        assertEquals(30, judged.get("samplesPerLabel").asInt());
        assertEquals(2, judged.get("judges").size(), judged.toString());
        assertEquals("cnn", judged.get("judges").get(0).get("judge").asText());
        assertEquals("knn-3", judged.get("judges").get(1).get("judge").asText());
        JudgeCard card = JudgeCard.fromJson(Files.readAllBytes(judge.resolve(JudgeCard.FILE_NAME)));
        for (JsonNode j : judged.get("judges")) {
            assertEquals(4, j.get("labels").size());
            int images = 0;
            double obeyed = 0;
            for (JsonNode label : j.get("labels")) {
                images += label.get("realTestImages").asInt();
                obeyed += label.get("obedience").asDouble();
                assertTrue(label.get("obedience").asDouble() >= 0 && label.get("obedience").asDouble() <= 1, label.toString());
            }
            assertEquals(100, images, "every real test image is counted once");
            assertEquals(obeyed / 4, j.get("obedience").asDouble(), 1e-3, "equal samples per label: overall is the mean");
        }
        // the CNN's ceiling is the accuracy its card recorded on the same real test images
        assertEquals(card.test().overall(), judged.get("judges").get(0).get("realTestAccuracy").asDouble(), 1e-4);
        for (Map.Entry<String, Double> e : card.test().perLabel().entrySet()) {
            JsonNode label = judged.get("judges").get(0).get("labels").get(Integer.parseInt(e.getKey()));
            assertEquals(e.getValue(), label.get("realTestAccuracy").asDouble(), 1e-4, e.getKey());
        }

        Path report = model.resolve("report");
        PngFigure.of("obedience.png", Files.readAllBytes(report.resolve("obedience.png"))).hasSize(640, 360).isNotBlank();
        assertReportShowsTheEvaluation(Files.readString(report.resolve("index.html")));

        // drawn again without the judge: what model.json records is still shown
        assertEquals(ExitCodes.OK, run("report", model.toString()), err.toString());
        assertReportShowsTheEvaluation(Files.readString(report.resolve("index.html")));
        assertEquals(written, json.readTree(model.resolve("model.json").toFile()));
    }

    @Test
    void aJudgeOfOtherLabelsIsRefusedByName() throws Exception {
        Path other = work.resolve("judges/other-labels");
        TinyJudges.train(other, data, "a,b,c,d");
        assertEquals(ExitCodes.USAGE, run("report", model.toString(), "--judge", other.toString(), "--judge-data", data.toString()));
        assertTrue(err.toString().contains("model tiny has labels [0, 1, 2, 3] but judge " + other + " was trained on [a, b, c, d]"),
                err.toString());
        assertEquals(ExitCodes.USAGE, run("report", model.toString(), "--judge", judge.toString(), "--iwae-k", "-1"));
        assertTrue(err.toString().contains("--iwae-k must be >= 0 (0 skips the bound), got -1"), err.toString());
    }

    private static void assertReportShowsTheEvaluation(String html) {
        assertTrue(html.contains("<h2>Label obedience by independent judges</h2>"), html);
        assertTrue(html.contains("<th>obeys (cnn)</th><th>cnn on real test</th><th>obeys (knn-3)</th>"), html);
        for (String label : LABELS.split(",")) assertTrue(html.contains("<tr><td>" + label + "</td>"), label + " row missing");
        assertTrue(html.contains("<img src=\"obedience.png\""), html);
        assertTrue(html.contains("negative IWAE"), html);
    }
}
