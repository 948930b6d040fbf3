package dev.cvae.trainer.judge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.data.IdxDataset;
import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.judge.cli.JudgeCommand;
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
import org.nd4j.linalg.api.ndarray.INDArray;

/** Two tiny judges of other seeds made one with {@code judge ensemble}, read back by {@code --judge} like one judge. */
class JudgeEnsembleTest {
    static final String LABELS = "horizontal,vertical,diagonal,anti-diagonal";

    @TempDir
    static Path work;
    static Path data;
    static Path pair;
    static IdxDataset dataset;
    static String log;

    @BeforeAll
    static void trainTwoJudgesAndMakeThemOne() throws Exception {
        data = SyntheticStrokes.write(Files.createDirectory(work.resolve("strokes")), 400, 100, 3);
        dataset = IdxDataset.load(data, 4);
        pair = work.resolve("judges/pair");
        TinyJudges.train(pair.resolve("a"), data, LABELS);
        TinyJudges.train(pair.resolve("b"), data, LABELS, "--seed", "7", "--mirror");
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(JudgeCommand.EXIT_OK, run(out, err, "ensemble", pair.toString()), err.toString());
        log = out.toString(StandardCharsets.UTF_8);
    }

    private static int run(ByteArrayOutputStream log, StringWriter err, String... args) {
        var cli = JudgeCommand.commandLine(new PrintStream(log, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void theEnsembleTakesTheClassOfTheHighestMeanProbability() {
        CnnJudge a = (CnnJudge) JudgeDirectory.load(pair.resolve("a")).judge();
        CnnJudge b = (CnnJudge) JudgeDirectory.load(pair.resolve("b")).judge();
        INDArray pixels = ImageBatch.of(dataset.test(), ImageBatch.identityOrder(dataset.test().size()), 0, dataset.test().size()).pixels();
        int[] expected = a.probabilities(pixels).add(b.probabilities(pixels)).div(2).argMax(1).toIntVector();
        JudgeDirectory.Loaded ensemble = JudgeDirectory.load(pair);
        assertNotNull(ensemble.ensemble());
        assertArrayEquals(expected, ensemble.judge().classify(pixels));
        assertFalse(java.util.Arrays.equals(a.classify(pixels), b.classify(pixels)), "the two seeds made the same judge");
    }

    @Test
    void theCardNamesTheMembersWithTheirAccuracyAndTheEnsemblesPerLabel() throws Exception {
        EnsembleCard card = EnsembleCard.fromJson(Files.readAllBytes(pair.resolve(EnsembleCard.FILE_NAME)));
        assertEquals(List.of("a", "b"), card.members().stream().map(EnsembleCard.Member::directory).toList());
        JudgeDirectory.Loaded loaded = JudgeDirectory.load(pair);
        assertEquals(LabelAccuracy.of(loaded.judge(), dataset.test()).overall(), card.test().overall(), 1e-12);
        assertEquals(LabelAccuracy.of(JudgeDirectory.load(pair.resolve("b")).judge(), dataset.test()).overall(),
                card.members().get(1).testAccuracy(), 1e-12);
        assertEquals(List.of(LABELS.split(",")), List.copyOf(card.test().perLabel().keySet()));
        assertEquals(100, card.test().images());
        assertTrue(card.command().startsWith("cvae-train judge ensemble "), card.command());
        assertTrue(log.contains("ensemble of 2: test accuracy"), log);
        assertEquals(List.of(LABELS.split(",")), loaded.card().labelNames());
    }

    @Test
    void oneJudgeAloneOrJudgesOfOtherLabelsAreRefusedByName() throws Exception {
        Path lone = work.resolve("judges/lone");
        Files.createDirectories(lone);
        JudgeDirectory.write(lone.resolve("only"), (CnnJudge) JudgeDirectory.load(pair.resolve("a")).judge(),
                JudgeDirectory.load(pair.resolve("a")).card());
        StringWriter err = new StringWriter();
        assertEquals(JudgeCommand.EXIT_USAGE, run(new ByteArrayOutputStream(), err, "ensemble", lone.toString()));
        assertTrue(err.toString().contains("needs at least 2 judge directories below it, found 1 (only)"), err.toString());

        Path mixed = work.resolve("judges/mixed");
        TinyJudges.train(mixed.resolve("a"), data, LABELS);
        TinyJudges.train(mixed.resolve("b"), data, "h,v,d,a");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JudgeDirectory.ensemble(mixed, List.of("a", "b")));
        assertTrue(e.getMessage().contains("was trained on other labels, images or data"), e.getMessage());
    }
}
