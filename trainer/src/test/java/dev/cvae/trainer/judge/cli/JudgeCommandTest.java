package dev.cvae.trainer.judge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvae.trainer.judge.JudgeCard;
import dev.cvae.trainer.judge.JudgeDirectory;
import dev.cvae.trainer.judge.TinyJudges;
import dev.cvae.trainer.judge.TinyModels;
import dev.cvae.trainer.testdata.SyntheticStrokes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The three subcommands end to end on strokes: train a judge, then judge a tiny exported model with it. */
class JudgeCommandTest {
    static final String LABELS = "horizontal,vertical,diagonal,anti-diagonal";

    @TempDir
    static Path work;
    static Path data;
    static Path judge;
    static Path model;
    static String trainLog;

    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private static int run(ByteArrayOutputStream log, StringWriter err, String... args) {
        CommandLine cli = JudgeCommand.commandLine(new PrintStream(log, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    private int run(String... args) {
        return run(log, err, args);
    }

    @BeforeAll
    static void trainJudgeAndModel() throws Exception {
        data = SyntheticStrokes.write(Files.createDirectory(work.resolve("strokes")), 400, 100, 3);
        judge = work.resolve("judges/strokes");
        trainLog = TinyJudges.train(judge, data, LABELS);
        model = TinyModels.strokes(work.resolve("tiny"), data, List.of(LABELS.split(",")));
    }

    @Test
    void trainWritesTheWeightsAndACardWithPerLabelTestAccuracyAndTheDataHashes() throws Exception {
        assertTrue(Files.isRegularFile(judge.resolve(JudgeDirectory.WEIGHTS)));
        JudgeCard card = JudgeCard.fromJson(Files.readAllBytes(judge.resolve(JudgeCard.FILE_NAME)));
        assertEquals(List.of(LABELS.split(",")), card.labelNames());
        assertEquals(4, card.test().perLabel().size());
        assertEquals(100, card.test().images());
        assertTrue(card.test().overall() > 0.6, "test accuracy " + card.test().overall());
        assertEquals(4, card.epochs().size());
        assertEquals(320, card.training().trainImages());
        assertEquals(80, card.training().validationImages());
        assertEquals(4, card.dataSha256().size(), "four IDX files: " + card.dataSha256());
        assertTrue(card.training().command().startsWith("cvae-train judge train --data "), card.training().command());
        assertTrue(trainLog.contains("judge: test accuracy "), trainLog);
    }

    @Test
    void obedienceWritesATableAndJsonWithBothJudges() throws Exception {
        Path json = work.resolve("obedience.json");
        int exit = run("obedience", model.toString(), "--judge", judge.toString(), "--data", data.toString(),
                "--samples-per-label", "25", "--knn", "3", "--json", json.toString());
        String out = log.toString(StandardCharsets.UTF_8);
        assertEquals(JudgeCommand.EXIT_OK, exit, err + out);
        assertTrue(out.contains("| label | samples | obeys (cnn) | cnn on real test | obeys (knn-3) | knn-3 on real test |"), out);
        assertTrue(out.contains("| anti-diagonal | 25 |"), out);
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(4, root.get("labels").size());
        for (JsonNode row : root.get("labels")) {
            double share = row.get("cnn").get("obedience").asDouble();
            assertTrue(share >= 0 && share <= 1, row.toString());
            assertEquals(25, row.get("knn-3").get("realTestImages").asInt());
        }
    }

    @Test
    void boundPrintsTheElboBesideTheTighterIwae() throws Exception {
        Path json = work.resolve("bound.json");
        int exit = run("bound", model.toString(), "--data", data.toString(), "--k", "16", "--limit", "40", "--json", json.toString());
        assertEquals(JudgeCommand.EXIT_OK, exit, err.toString());
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        assertEquals(40, root.get("testImages").asInt());
        assertTrue(root.get("negIwae").asDouble() < root.get("negElbo").asDouble(), root.toString());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("| tiny | 40 |"), log.toString(StandardCharsets.UTF_8));
    }

    @Test
    void dataOtherThanTheJudgesIsRefusedWithExit2() throws Exception {
        Path other = SyntheticStrokes.write(Files.createDirectory(work.resolve("other")), 400, 100, 99);
        int exit = run("obedience", model.toString(), "--judge", judge.toString(), "--data", other.toString());
        assertEquals(JudgeCommand.EXIT_USAGE, exit);
        assertTrue(err.toString().contains("the judge was trained on"), err.toString());
    }

    @Test
    void aDirectoryWithoutACardIsNotAJudge() {
        int exit = run("obedience", model.toString(), "--judge", work.toString());
        assertEquals(JudgeCommand.EXIT_USAGE, exit);
        assertTrue(err.toString().contains("no judge.json"), err.toString());
    }

    @Test
    void aMultiAttributeModelIsRefusedWithExit2() throws Exception {
        Path multi = TinyModels.multiAttribute(work.resolve("multi"), data, List.of(LABELS.split(",")));
        int exit = run("bound", multi.toString(), "--data", data.toString());
        assertEquals(JudgeCommand.EXIT_USAGE, exit);
        assertTrue(err.toString().contains("'judge bound' supports only models conditioned on the one-hot of a single label"), err.toString());
    }
}
