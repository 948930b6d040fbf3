package dev.cvae.trainer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.data.ImageShape;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.CvaeGraph;
import dev.cvae.trainer.model.LossSpec;
import dev.cvae.trainer.testdata.OrtModel;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** ONNX Runtime's outputs of the exported networks equal DL4J's own, for random inputs. */
class OnnxParityTest {
    private static final double TOLERANCE = 1e-5;
    private static final int N = 37;

    static Stream<Arguments> architectures() {
        return Stream.of(
                Arguments.of("default MLP on 28x28", new CvaeArchitecture(new ImageShape(1, 28, 28), 10, List.of(512, 256), 8, List.of(256, 512))),
                Arguments.of("deeper and narrower", new CvaeArchitecture(new ImageShape(1, 12, 12), 4, List.of(64, 32, 16), 3, List.of(16, 32, 64))),
                Arguments.of("no hidden layers", new CvaeArchitecture(new ImageShape(1, 6, 6), 2, List.of(), 2, List.of())),
                Arguments.of("MLP with a label embedding", new CvaeArchitecture(CvaeArchitecture.Kind.MLP, new ImageShape(1, 8, 8), 5, 3,
                        List.of(), List.of(16), 2, List.of(16))),
                Arguments.of("conv on 28x28", new CvaeArchitecture(CvaeArchitecture.Kind.CONV, new ImageShape(1, 28, 28), 10, 0,
                        List.of(8, 16), List.of(32), 4, List.of(32))),
                Arguments.of("conv on RGB 16x16 with an embedding", new CvaeArchitecture(CvaeArchitecture.Kind.CONV, new ImageShape(3, 16, 16), 4, 2,
                        List.of(4, 8, 8), List.of(), 3, List.of(12))),
                Arguments.of("conv on 128x128", new CvaeArchitecture(CvaeArchitecture.Kind.CONV, new ImageShape(1, 128, 128), 1, 0,
                        List.of(4, 4, 8, 8), List.of(16), 2, List.of(16))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void exportedEncoderAndDecoderMatchSameDiffWithin1e5(String name, CvaeArchitecture arch) throws Exception {
        Random rng = new Random(7);
        CvaeGraph graph = CvaeGraph.build(arch, 1e-2, LossSpec.bernoulli(0), null, 11);
        trainAFewSteps(graph, arch, rng); // parity of trained weights, not only of the initialisation

        INDArray x = Nd4j.rand(N, arch.pixelCount());
        INDArray c = oneHot(rng, arch.conditionSize());
        INDArray z = ImageBatch.gaussian(rng, N, arch.latentDim());

        Map<String, INDArray> dl4j = graph.encode(x, c);
        try (OrtModel encoder = new OrtModel(OnnxExporter.export(arch.encoder(), graph.encoderWeights(), Map.of()))) {
            Map<String, float[][]> ort = encoder.run(Map.of("x", x.toFloatMatrix(), "c", c.toFloatMatrix()));
            assertClose(dl4j.get("mu"), ort.get("mu"), "mu");
            assertClose(dl4j.get("logvar"), ort.get("logvar"), "logvar");
        }
        INDArray xHat = graph.decode(z, c);
        try (OrtModel decoder = new OrtModel(OnnxExporter.export(arch.decoder(), graph.decoderWeights(), Map.of()))) {
            Map<String, float[][]> ort = decoder.run(Map.of("z", z.toFloatMatrix(), "c", c.toFloatMatrix()));
            assertClose(xHat, ort.get("x_hat"), "x_hat");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void exportedGraphsDeclareNamedInputsWithADynamicBatchDimension(String name, CvaeArchitecture arch) throws Exception {
        CvaeGraph graph = CvaeGraph.build(arch, 1e-3, LossSpec.bernoulli(0), null, 1);
        try (OrtModel encoder = new OrtModel(OnnxExporter.export(arch.encoder(), graph.encoderWeights(), Map.of()));
             OrtModel decoder = new OrtModel(OnnxExporter.export(arch.decoder(), graph.decoderWeights(), Map.of()))) {
            assertArrayEquals(new long[] {-1, arch.pixelCount()}, encoder.inputShapes().get("x"));
            assertArrayEquals(new long[] {-1, arch.conditionSize()}, encoder.inputShapes().get("c"));
            assertArrayEquals(new long[] {-1, arch.latentDim()}, encoder.outputShapes().get("mu"));
            assertArrayEquals(new long[] {-1, arch.latentDim()}, encoder.outputShapes().get("logvar"));
            assertArrayEquals(new long[] {-1, arch.latentDim()}, decoder.inputShapes().get("z"));
            assertArrayEquals(new long[] {-1, arch.pixelCount()}, decoder.outputShapes().get("x_hat"));
        }
    }

    @org.junit.jupiter.api.Test
    void theSameModelGivesTheSameBytesWhateverTheMetadataMapOrder() {
        CvaeArchitecture arch = new CvaeArchitecture(new ImageShape(1, 4, 4), 2, List.of(8), 2, List.of(8));
        CvaeGraph graph = CvaeGraph.build(arch, 1e-3, LossSpec.bernoulli(0), null, 5);
        Map<String, String> one = new java.util.LinkedHashMap<>();
        one.put("cvae.model", "m");
        one.put("cvae.version", "1");
        Map<String, String> other = new java.util.LinkedHashMap<>();
        other.put("cvae.version", "1");
        other.put("cvae.model", "m");
        assertArrayEquals(OnnxExporter.export(arch.decoder(), graph.decoderWeights(), one),
                OnnxExporter.export(arch.decoder(), graph.decoderWeights(), other));
    }

    private static void trainAFewSteps(CvaeGraph graph, CvaeArchitecture arch, Random rng) {
        for (int step = 0; step < 5; step++) {
            INDArray c = oneHot(rng, arch.conditionSize());
            graph.fit(new MultiDataSet(new INDArray[] {
                Nd4j.rand(N, arch.pixelCount()), c,
                ImageBatch.gaussian(rng, N, arch.latentDim()), ImageBatch.gaussian(rng, N, arch.latentDim()), c,
                Nd4j.scalar(1f)
            }, new INDArray[0]));
        }
    }

    private static INDArray oneHot(Random rng, int k) {
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) labels[i] = rng.nextInt(k);
        return ImageBatch.oneHot(labels, k);
    }

    private static void assertClose(INDArray expected, float[][] actual, String what) {
        float[][] exp = expected.toFloatMatrix();
        assertEquals(exp.length, actual.length, what + " rows");
        double maxDiff = 0;
        for (int i = 0; i < exp.length; i++) {
            assertEquals(exp[i].length, actual[i].length, what + " columns");
            for (int j = 0; j < exp[i].length; j++) maxDiff = Math.max(maxDiff, Math.abs(exp[i][j] - actual[i][j]));
        }
        assertTrue(maxDiff <= TOLERANCE, what + ": max |DL4J - ONNX Runtime| = " + maxDiff + " > " + TOLERANCE);
    }
}
