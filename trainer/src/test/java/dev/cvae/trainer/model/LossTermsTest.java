package dev.cvae.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvae.trainer.classify.ImageClassifier;
import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.data.ImageShape;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** The loss terms of the graph against the same quantities computed here from the networks' own outputs. */
class LossTermsTest {
    private static final CvaeArchitecture ARCH = new CvaeArchitecture(new ImageShape(1, 3, 3), 2, List.of(6), 3, List.of(6));
    private static final int N = 5;

    private final INDArray x = Nd4j.rand(N, 9);
    private final INDArray c = ImageBatch.oneHot(new int[] {0, 1, 1, 0, 1}, 2);

    /** rec, kl and kl_term with eps = 0, so that z = mu and everything is computable from encode/decode. */
    private Map<String, INDArray> terms(CvaeGraph graph, float klWeight) {
        return graph.output(Map.of(CvaeArchitecture.X, x, CvaeArchitecture.C, c, CvaeGraph.EPS, Nd4j.zeros(N, 3),
                CvaeGraph.KL_WEIGHT, Nd4j.scalar(klWeight)), CvaeGraph.REC, CvaeGraph.KL, CvaeGraph.KL_TERM);
    }

    private static double[][] rows(INDArray a) {
        return a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleMatrix();
    }

    /** The decoder's weights after one optimiser step with the auxiliary label loss at {@code auxWeight}. */
    private Map<String, INDArray> decoderAfterOneStep(double auxWeight) {
        FrozenNetwork aux = ImageClassifier.mlp(new ImageShape(1, 3, 3), 2, 4, 7).frozen();
        CvaeGraph graph = CvaeGraph.build(ARCH, 1e-2, LossSpec.bernoulli(auxWeight), aux, 1);
        INDArray zSample = Nd4j.rand(N, 3).subi(0.5);
        graph.fit(new MultiDataSet(new INDArray[] {x, c, Nd4j.zeros(N, 3), zSample, c, Nd4j.scalar(1f), c}, new INDArray[0]));
        return graph.decoderWeights();
    }

    @Test
    void theAuxiliaryLabelLossReachesTheDecoderInProportionToItsWeight() {
        Map<String, INDArray> light = decoderAfterOneStep(1);
        Map<String, INDArray> heavy = decoderAfterOneStep(100);
        double difference = 0;
        for (String name : light.keySet()) difference += light.get(name).sub(heavy.get(name)).norm1Number().doubleValue();
        org.junit.jupiter.api.Assertions.assertTrue(difference > 1e-3,
                "the decoder took the same step at auxiliary weights 1 and 100: the label loss does not reach it (" + difference + ")");
    }

    @Test
    void bernoulliReconstructionIsTheBinaryCrossEntropySummedOverPixels() {
        CvaeGraph graph = CvaeGraph.build(ARCH, 1e-3, LossSpec.bernoulli(0), null, 1);
        double[][] p = rows(graph.decode(graph.encode(x, c).get("mu"), c));
        double[][] t = rows(x);
        double expected = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 9; j++) expected -= t[i][j] * Math.log(p[i][j]) + (1 - t[i][j]) * Math.log(1 - p[i][j]);
        }
        assertEquals(expected / N, terms(graph, 1f).get(CvaeGraph.REC).getDouble(0), 1e-4);
    }

    @Test
    void gaussianReconstructionIsTheNegativeLogLikelihoodWithFixedSigma() {
        double sigma = 0.2;
        CvaeGraph graph = CvaeGraph.build(ARCH, 1e-3, new LossSpec(LossSpec.Reconstruction.GAUSSIAN, sigma, 1, 0, 0, 0), null, 1);
        double[][] mean = rows(graph.decode(graph.encode(x, c).get("mu"), c));
        double[][] t = rows(x);
        double expected = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 9; j++) {
                double d = (t[i][j] - mean[i][j]) / sigma;
                expected += 0.5 * d * d + Math.log(sigma) + 0.5 * Math.log(2 * Math.PI);
            }
        }
        assertEquals(expected / N, terms(graph, 1f).get(CvaeGraph.REC).getDouble(0), 1e-4);
    }

    @Test
    void klIsTheAnalyticDivergenceFromTheStandardNormalAndItsTermIsWeighted() {
        CvaeGraph graph = CvaeGraph.build(ARCH, 1e-3, LossSpec.bernoulli(0), null, 1);
        Map<String, INDArray> post = graph.encode(x, c);
        double[][] mu = rows(post.get("mu"));
        double[][] logvar = rows(post.get("logvar"));
        double expected = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < 3; j++) expected += -0.5 * (1 + logvar[i][j] - mu[i][j] * mu[i][j] - Math.exp(logvar[i][j]));
        }
        Map<String, INDArray> t = terms(graph, 0.25f);
        assertEquals(expected / N, t.get(CvaeGraph.KL).getDouble(0), 1e-5);
        assertEquals(0.25 * expected / N, t.get(CvaeGraph.KL_TERM).getDouble(0), 1e-5);
    }

    @Test
    void freeBitsCountEachDimensionAsAtLeastThatManyNats() {
        double freeBits = 2.0;
        CvaeGraph graph = CvaeGraph.build(ARCH, 1e-3, new LossSpec(LossSpec.Reconstruction.BERNOULLI, 0.1, 1, 0, freeBits, 0), null, 1);
        Map<String, INDArray> post = graph.encode(x, c);
        double[][] mu = rows(post.get("mu"));
        double[][] logvar = rows(post.get("logvar"));
        double expected = 0;
        for (int j = 0; j < 3; j++) {
            double dim = 0;
            for (int i = 0; i < N; i++) dim += -0.5 * (1 + logvar[i][j] - mu[i][j] * mu[i][j] - Math.exp(logvar[i][j]));
            expected += Math.max(dim / N, freeBits);
        }
        Map<String, INDArray> t = terms(graph, 1f);
        assertEquals(expected, t.get(CvaeGraph.KL_TERM).getDouble(0), 1e-5);
        assertEquals(true, t.get(CvaeGraph.KL_TERM).getDouble(0) >= 3 * freeBits - 1e-6);
    }

    @Test
    void klWarmUpRisesLinearlyToBeta() {
        LossSpec spec = new LossSpec(LossSpec.Reconstruction.BERNOULLI, 0.1, 0.5, 4, 0, 0);
        assertEquals(0.0, spec.klWeightAt(0), 1e-12);
        assertEquals(0.125, spec.klWeightAt(1), 1e-12);
        assertEquals(0.25, spec.klWeightAt(2), 1e-12);
        assertEquals(0.5, spec.klWeightAt(4), 1e-12);
        assertEquals(0.5, spec.klWeightAt(9.5), 1e-12);
        assertEquals(1.0, LossSpec.bernoulli(3).klWeightAt(0), 1e-12, "no warm-up: beta from the start");
    }

    @Test
    void nonsenseIsRejectedWithTheFieldName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LossSpec(LossSpec.Reconstruction.GAUSSIAN, 0, 1, 0, 0, 0));
        assertEquals("gaussianSigma must be > 0, got 0.0", e.getMessage());
        assertEquals("klWarmupEpochs must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> new LossSpec(LossSpec.Reconstruction.BERNOULLI, 0.1, 1, -1, 0, 0)).getMessage());
    }
}
