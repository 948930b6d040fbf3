package dev.cvae.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.classify.ClassifierOptions;
import dev.cvae.trainer.data.DataSource;
import dev.cvae.trainer.export.ModelManifest;
import dev.cvae.trainer.export.ModelTarget;
import dev.cvae.trainer.model.ArchitectureOptions;
import dev.cvae.trainer.model.LossSpec;
import dev.cvae.trainer.testdata.OrtModel;
import dev.cvae.trainer.testdata.SyntheticStrokes;
import dev.cvae.trainer.train.TrainingOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run with a Gaussian likelihood, KL warm-up and free bits: it trains, reports the schedule, records the objective. */
class LossOptionsTrainingTest {
    @TempDir
    Path work;

    @Test
    void gaussianWithWarmUpAndFreeBitsTrainsAndIsRecorded() throws Exception {
        Path data = SyntheticStrokes.write(Files.createDirectory(work.resolve("data")), 600, 120, 4);
        LossSpec loss = new LossSpec(LossSpec.Reconstruction.GAUSSIAN, 0.2, 0.5, 3, 0.25, 0);
        TrainingSpec spec = new TrainingSpec(DataSource.of(data, "strokes", List.of("h", "v", "d", "a")),
                new ModelTarget(work.resolve("models"), "gaussian", "1"), ArchitectureOptions.mlp(List.of(32), 2, List.of(32)),
                new TrainingOptions(6, 32, 3e-3, loss, 9, 1000, 0), new ClassifierOptions(1, 16, 10), "cvae-train --test", false);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        TrainingRun.Outcome outcome = new TrainingRun(new PrintStream(buf, true, StandardCharsets.UTF_8)).run(spec);
        String log = buf.toString(StandardCharsets.UTF_8);

        List<ModelManifest.EpochRecord> metrics = outcome.manifest().metrics();
        assertTrue(metrics.get(6).testNegElbo() < metrics.get(0).testNegElbo() - 20,
                "test -ELBO went from " + metrics.get(0).testNegElbo() + " to " + metrics.get(6).testNegElbo());
        assertTrue(log.contains("| kl weight 0.167"), "epoch 1 of a 3-epoch warm-up to 0.5:\n" + log);
        assertTrue(log.contains("| kl weight 0.500"), log);

        ModelManifest.Training t = outcome.manifest().training();
        assertEquals("gaussian", t.reconstruction());
        assertEquals(0.2, t.gaussianSigma());
        assertEquals(0.5, t.klWeight());
        assertEquals(3, t.klWarmupEpochs());
        assertEquals(0.25, t.freeBits());
        assertEquals("gaussian", outcome.manifest().architecture().outputDistribution());

        try (OrtModel decoder = new OrtModel(Files.readAllBytes(outcome.modelDir().resolve("decoder.onnx")))) {
            float[][] mean = decoder.run(Map.of("z", new float[1][2], "c", new float[][] {{0, 1, 0, 0}})).get("x_hat");
            for (float v : mean[0]) assertTrue(v >= 0 && v <= 1, "the Gaussian mean stays a pixel value: " + v);
        }
    }
}
