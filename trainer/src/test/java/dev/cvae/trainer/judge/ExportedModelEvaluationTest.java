package dev.cvae.trainer.judge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.data.IdxDataset;
import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.CvaeGraph;
import dev.cvae.trainer.testdata.SyntheticStrokes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Obedience and likelihood bounds of a tiny exported model, through ONNX Runtime as the server runs it. */
class ExportedModelEvaluationTest {
    static final List<String> LABELS = List.of("horizontal", "vertical", "diagonal", "anti-diagonal");

    @TempDir
    static Path work;
    static IdxDataset data;
    static TinyModel tiny;
    static OnnxCvae cvae;

    @BeforeAll
    static void exportTinyModel() throws Exception {
        data = IdxDataset.load(SyntheticStrokes.write(Files.createDirectory(work.resolve("data")), 400, 100, 8), SyntheticStrokes.CLASSES);
        tiny = TinyModel.train(work.resolve("tiny"), data.train(), LABELS, 60);
        cvae = OnnxCvae.open(ExportedModel.read(tiny.directory()), 1);
    }

    @AfterAll
    static void close() {
        cvae.close();
    }

    /** A judge of our own that sees every image as one class: obedience is then exactly known. */
    private record AlwaysSays(int label) implements Judge {
        @Override
        public String name() {
            return "always-" + label;
        }

        @Override
        public int[] classify(INDArray pixels) {
            int[] out = new int[(int) pixels.size(0)];
            Arrays.fill(out, label);
            return out;
        }
    }

    @Test
    void obedienceCountsEverySampleOfEveryLabelForEachJudge() {
        List<Judge> judges = List.of(new AlwaysSays(2), NearestNeighbourJudge.fit(data.train(), 3));
        ObedienceReport report = ObedienceEvaluation.measure(cvae, judges, data.test(), 30, 5);
        ObedienceReport.JudgeResult always = report.judges().get(0);
        assertArrayEquals(new int[] {0, 0, 30, 0}, always.obedience().correct());
        assertArrayEquals(new int[] {30, 30, 30, 30}, always.obedience().total());
        assertArrayEquals(new int[] {0, 0, 25, 0}, always.realTest().correct(), "25 real test strokes of each kind");
        ObedienceReport.JudgeResult knn = report.judges().get(1);
        for (int label = 0; label < LABELS.size(); label++) {
            double share = knn.obedience().of(label);
            assertTrue(share >= 0 && share <= 1, "label " + label + ": " + share);
            assertEquals(30, knn.obedience().total()[label]);
        }
        assertTrue(knn.realTest().overall() > 0.9, "kNN on real strokes: " + knn.realTest().overall());
    }

    @Test
    void theSameSeedDrawsTheSameSamples() {
        List<Judge> judges = List.of(NearestNeighbourJudge.fit(data.train(), 1));
        ObedienceReport a = ObedienceEvaluation.measure(cvae, judges, data.test(), 20, 9);
        ObedienceReport b = ObedienceEvaluation.measure(cvae, judges, data.test(), 20, 9);
        assertEquals(a.judges().get(0).obedience(), b.judges().get(0).obedience());
    }

    @Test
    void aTemperatureIsRecordedAndOutsideItsRangeRefused() {
        List<Judge> judges = List.of(NearestNeighbourJudge.fit(data.train(), 1));
        ObedienceReport cooled = ObedienceEvaluation.measure(cvae, judges, data.test(), 20, 9, 0.5);
        assertEquals(0.5, cooled.temperature());
        assertTrue(new String(cooled.toJson(), java.nio.charset.StandardCharsets.UTF_8).contains("\"temperature\" : 0.5"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ObedienceEvaluation.measure(cvae, judges, data.test(), 20, 9, 0));
        assertEquals("--temperature must be in (0, 2], got 0.0", e.getMessage());
    }

    @Test
    void reportTableHasOneRowPerLabelAndAnOverallRow() {
        ObedienceReport report = ObedienceEvaluation.measure(cvae, List.of(new AlwaysSays(0)), data.test(), 10, 1);
        String table = report.toMarkdown();
        assertTrue(table.startsWith("| label | samples | obeys (always-0) | always-0 on real test |"), table);
        assertTrue(table.contains("| horizontal | 10 | 100.0% | 100.0% (25) |"), table);
        assertTrue(table.contains("| vertical | 10 | 0.0% | 0.0% (25) |"), table);
        assertTrue(table.contains("| **all** | 40 | **25.0%** | 25.0% |"), table);
        String json = new String(report.toJson(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(json.contains("\"obedience\" : 0.25"), json);
    }

    @Test
    void aModelConditionedOnSeveralAttributesIsRefusedWithAMessageThatSaysWhy() throws Exception {
        Path dir = Files.createDirectories(work.resolve("multi"));
        TinyModel.writeManifest(dir, data.train(), LABELS, "multi-attribute", 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExportedModel.read(dir).requireLabelConditioning("judge obedience"));
        assertTrue(e.getMessage().contains("conditions on 2 attribute(s), kind 'multi-attribute'"), e.getMessage());
        assertTrue(e.getMessage().contains("supports only models conditioned on the one-hot of a single label"), e.getMessage());
    }

    @Test
    void elboFromTheOnnxFilesEqualsTheTrainingGraphsWithTheSameNoise() {
        LikelihoodBound.Elbo onnx = LikelihoodBound.elbo(cvae, data.test(), 21);
        ImageBatch all = ImageBatch.of(data.test(), ImageBatch.identityOrder(data.test().size()), 0, data.test().size());
        INDArray eps = ImageBatch.gaussian(new Random(21), data.test().size(), TinyModel.LATENT);
        Map<String, INDArray> dl4j = tiny.graph().output(Map.of(CvaeArchitecture.X, all.pixels(), CvaeArchitecture.C,
                all.conditions(), CvaeGraph.EPS, eps), CvaeGraph.REC, CvaeGraph.KL);
        assertEquals(dl4j.get(CvaeGraph.REC).getDouble(0), onnx.rec(), 1e-3);
        assertEquals(dl4j.get(CvaeGraph.KL).getDouble(0), onnx.kl(), 1e-4);
    }

    @Test
    void iwaeWithOneSampleIsTheSingleSampleElboAndManySamplesTightenIt() {
        LikelihoodBound.Elbo elbo = LikelihoodBound.elbo(cvae, data.test(), 4);
        LikelihoodBound.Iwae one = LikelihoodBound.iwae(cvae, data.test(), 1, 4);
        LikelihoodBound.Iwae many = LikelihoodBound.iwae(cvae, data.test(), 64, 4);
        assertEquals(elbo.negElboMc(), one.negIwae(), 1e-9 * Math.abs(elbo.negElboMc()));
        assertTrue(many.negIwae() < elbo.negElbo(), "-IWAE " + many.negIwae() + " must be below -ELBO " + elbo.negElbo());
        assertTrue(many.negIwae() < one.negIwae(), "-IWAE(64) " + many.negIwae() + " must be below -IWAE(1) " + one.negIwae());
        assertEquals(64, many.k());
        assertEquals(100, many.images());
    }

    @Test
    void logSumExpIsStableForLargeAndInfiniteValues() {
        assertEquals(1000 + Math.log(2), LikelihoodBound.logSumExp(new double[] {1000, 1000}), 1e-12);
        assertEquals(-5, LikelihoodBound.logSumExp(new double[] {-5, Double.NEGATIVE_INFINITY}), 1e-12);
    }
}
