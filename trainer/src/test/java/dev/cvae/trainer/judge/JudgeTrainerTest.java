package dev.cvae.trainer.judge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.data.Augmentation;
import dev.cvae.trainer.data.IdxDataset;
import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.testdata.SyntheticStrokes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny strong judge trained on four kinds of strokes, with augmentation and a validation split. */
class JudgeTrainerTest {
    static final CnnArchitecture TINY = new CnnArchitecture(List.of(4, 8), 1, 16, 0.1);

    @TempDir
    static Path work;
    static IdxDataset data;
    static JudgeTrainer.Result result;
    static String log;

    @BeforeAll
    static void train() throws Exception {
        data = IdxDataset.load(SyntheticStrokes.write(Files.createDirectory(work.resolve("data")), 480, 120, 4), SyntheticStrokes.CLASSES);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        JudgeTrainingOptions options = new JudgeTrainingOptions(TINY, 4, 32, 1e-2, 0.25, new Augmentation(1, 5, 0, 1), 11);
        result = new JudgeTrainer(new PrintStream(buf, true, StandardCharsets.UTF_8)).train(data.train(), data.test(), options);
        log = buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void beatsChanceByFarOnHeldOutStrokes() {
        LabelAccuracy test = LabelAccuracy.of(result.judge(), data.test());
        assertTrue(test.overall() > 0.85, "test accuracy " + test.overall() + " (chance 0.25)");
        assertEquals(120, java.util.Arrays.stream(test.total()).sum());
    }

    @Test
    void holdsOutTheValidationShareAndKeepsTheBestValidationEpoch() {
        assertEquals(120, result.validationImages());
        assertEquals(360, result.trainImages());
        assertEquals(4, result.epochs().size());
        double best = result.epochs().stream().mapToDouble(JudgeTrainer.Epoch::validationAccuracy).max().orElseThrow();
        assertEquals(best, result.epochs().get(result.keptEpoch() - 1).validationAccuracy());
        assertEquals(result.epochs().get(result.keptEpoch() - 1).testAccuracy(), LabelAccuracy.of(result.judge(), data.test()).overall(),
                1e-9, "the kept weights are the kept epoch's");
        assertTrue(log.contains("judge epoch  4: train loss"), log);
    }

    @Test
    void savedAndLoadedJudgeClassifiesExactlyAsBefore() {
        Path dir = work.resolve("judges/strokes");
        JudgeCard card = new JudgeCard(JudgeCard.FORMAT_VERSION, "strokes", "data", Map.of("a", "b"),
                List.of("h", "v", "d", "a"), new JudgeCard.Image(1, 12, 12), TINY.describe(), result.judge().parameterCount(),
                new JudgeCard.Weights(JudgeDirectory.WEIGHTS, ""), null, List.of(), null, "now");
        JudgeCard written = JudgeDirectory.write(dir, result.judge(), card);
        assertEquals(64, written.weights().sha256().length());
        JudgeDirectory.Loaded loaded = JudgeDirectory.load(dir);
        assertEquals(written, loaded.card());
        ImageBatch all = ImageBatch.of(data.test(), ImageBatch.identityOrder(data.test().size()), 0, data.test().size());
        assertArrayEquals(result.judge().classify(all.pixels()), loaded.judge().classify(all.pixels()));
    }

    @Test
    void aStoppedRunResumesFromItsLastFinishedEpochAndRefusesOtherOptions() {
        Path checkpoint = work.resolve(".resumed.checkpoint");
        JudgeTrainingOptions options = new JudgeTrainingOptions(TINY, 3, 32, 1e-2, 0.25, new Augmentation(1, 5, 0, 1), 12);
        PrintStream stopsAtEpoch2 = new PrintStream(new ByteArrayOutputStream()) {
            @Override
            public PrintStream printf(String format, Object... args) {
                if (format.startsWith("judge epoch") && (Integer) args[0] == 2) throw new IllegalStateException("stopped");
                return super.printf(format, args);
            }
        };
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new JudgeTrainer(stopsAtEpoch2).train(data.train(), data.test(), options, checkpoint, false));

        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        JudgeTrainer.Result resumed = new JudgeTrainer(new PrintStream(buf, true, StandardCharsets.UTF_8))
                .train(data.train(), data.test(), options, checkpoint, true);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("resuming after epoch 1"), out);
        assertTrue(!out.contains("judge epoch  1:") && out.contains("judge epoch  2:") && out.contains("judge epoch  3:"), out);
        assertEquals(3, resumed.epochs().size());

        JudgeTrainingOptions other = new JudgeTrainingOptions(TINY, 4, 32, 1e-2, 0.25, new Augmentation(1, 5, 0, 1), 12);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new JudgeTrainer(new PrintStream(new ByteArrayOutputStream())).train(data.train(), data.test(), other, checkpoint, true));
        assertTrue(e.getMessage().contains("was made with other options or data"), e.getMessage());
        JudgeTrainer.deleteCheckpoint(checkpoint);
        assertTrue(!Files.exists(checkpoint));
    }

    @Test
    void aWeightsFileThatDoesNotMatchItsCardIsRefused() throws Exception {
        Path dir = work.resolve("judges/tampered");
        JudgeCard card = new JudgeCard(JudgeCard.FORMAT_VERSION, "strokes", "data", Map.of(), List.of("h", "v", "d", "a"),
                new JudgeCard.Image(1, 12, 12), TINY.describe(), 1, new JudgeCard.Weights(JudgeDirectory.WEIGHTS, ""), null,
                List.of(), null, "now");
        JudgeDirectory.write(dir, result.judge(), card);
        Files.write(dir.resolve(JudgeDirectory.WEIGHTS), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> JudgeDirectory.load(dir));
        assertTrue(e.getMessage().contains("its card says"), e.getMessage());
    }
}
