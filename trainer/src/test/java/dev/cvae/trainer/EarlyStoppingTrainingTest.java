package dev.cvae.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.classify.ClassifierOptions;
import dev.cvae.trainer.data.DataSource;
import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.data.ImageShape;
import dev.cvae.trainer.export.ModelManifest;
import dev.cvae.trainer.export.ModelTarget;
import dev.cvae.trainer.model.ArchitectureOptions;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.CvaeGraph;
import dev.cvae.trainer.model.LossSpec;
import dev.cvae.trainer.testdata.SyntheticStrokes;
import dev.cvae.trainer.train.TrainingOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class EarlyStoppingTrainingTest {
    @TempDir
    Path work;

    @Test
    void withPatienceTheBestEpochIsExportedAndReported() throws Exception {
        Path data = SyntheticStrokes.write(Files.createDirectory(work.resolve("data")), 400, 100, 6);
        // a learning rate high enough that the held-out loss does not fall every epoch
        TrainingOptions options = new TrainingOptions(12, 32, 0.03, LossSpec.bernoulli(0), 2, 1000, 2);
        TrainingSpec spec = new TrainingSpec(DataSource.of(data, "strokes", List.of("h", "v", "d", "a")),
                new ModelTarget(work.resolve("models"), "early", "1"), ArchitectureOptions.mlp(List.of(32), 2, List.of(32)), options,
                new ClassifierOptions(1, 16, 10), "cvae-train --test", false);
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ModelManifest m = new TrainingRun(new PrintStream(buf, true, StandardCharsets.UTF_8)).run(spec).manifest();
        String log = buf.toString(StandardCharsets.UTF_8);

        ModelManifest.EpochRecord best = m.metrics().stream().skip(1)
                .min(Comparator.comparingDouble(ModelManifest.EpochRecord::testNegElbo)).orElseThrow();
        assertEquals(best.epoch(), m.evaluation().epoch(), log);
        assertEquals(best.testNegElbo(), m.evaluation().testNegElbo(), 1e-9);
        assertEquals(2, m.training().patience());
        int ran = m.metrics().size() - 1;
        assertTrue(ran == 12 || log.contains("early stop: no better held-out loss for 2 epochs"), log);
        assertTrue(ran - best.epoch() <= 2, "stopped at most patience epochs after the best: " + log);
    }

    @Test
    void restoredWeightsAreExactlyTheSavedOnes() {
        CvaeArchitecture arch = new CvaeArchitecture(new ImageShape(1, 3, 3), 2, List.of(4), 2, List.of(4));
        CvaeGraph graph = CvaeGraph.build(arch, 0.05, LossSpec.bernoulli(0), null, 4);
        Map<String, INDArray> enc = graph.encoderWeights();
        Map<String, INDArray> dec = graph.decoderWeights();
        Random rng = new Random(1);
        INDArray c = ImageBatch.oneHot(new int[] {0, 1, 0}, 2);
        for (int i = 0; i < 3; i++) {
            graph.fit(new MultiDataSet(new INDArray[] {Nd4j.rand(3, 9), c, ImageBatch.gaussian(rng, 3, 2),
                ImageBatch.gaussian(rng, 3, 2), c, Nd4j.scalar(1f)}, new INDArray[0]));
        }
        assertTrue(!graph.decoderWeights().get("dec_out_W").equals(dec.get("dec_out_W")), "training moved the weights");
        graph.restoreWeights(enc, dec);
        assertEquals(enc, graph.encoderWeights());
        assertEquals(dec, graph.decoderWeights());
    }
}
