package dev.cvae.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.data.ImageShape;
import dev.cvae.trainer.train.TrainingOptions;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** The step-size schedule, and that the graph's optimiser follows it. */
class LearningRateTest {
    private static final CvaeArchitecture ARCH = new CvaeArchitecture(new ImageShape(1, 3, 3), 2, List.of(4), 2, List.of(4));

    @Test
    void aLinearDecayFallsFromTheInitialRateToZeroAndStaysThere() {
        Adam adam = (Adam) LearningRate.linearDecay(1e-3, 4).adam();
        assertEquals(1e-3, adam.getLearningRate(0, 0), 1e-15);
        assertEquals(0.5e-3, adam.getLearningRate(2, 0), 1e-15);
        assertEquals(0.25e-3, adam.getLearningRate(3, 0), 1e-15);
        assertEquals(0.0, adam.getLearningRate(4, 0));
        assertEquals(0.0, adam.getLearningRate(100, 3));
        assertEquals(1e-3, LearningRate.constant(1e-3).adam().getLearningRate(1_000_000, 50));
    }

    @Test
    void theLinearScheduleSpansEveryStepOfEveryEpoch() {
        TrainingOptions options = new TrainingOptions(3, 32, 2e-3, TrainingOptions.LrSchedule.LINEAR,
                LossSpec.bernoulli(0), 1, 1000, 0);
        assertEquals(new LearningRate(2e-3, 3 * 4), options.learningRateFor(100), "100 images at batch 32: 4 steps per epoch");
        assertEquals(LearningRate.constant(2e-3),
                new TrainingOptions(3, 32, 2e-3, LossSpec.bernoulli(0), 1, 1000, 0).learningRateFor(100), "constant by default");
        assertEquals(options.lrSchedule(), options.withLoss(LossSpec.bernoulli(1)).lrSchedule());
    }

    @Test
    void badSchedulesAreRefusedWithTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingOptions.LrSchedule.fromId("cosine"));
        assertEquals("--lr-schedule must be constant or linear, got 'cosine'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LearningRate.linearDecay(1e-3, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRate.constant(0));
    }

    @Test
    void theOptimiserFollowsTheScheduleAndStopsMovingTheWeightsOnceTheDecayIsOver() {
        CvaeGraph decayed = CvaeGraph.build(ARCH, LearningRate.linearDecay(0.05, 2), LossSpec.bernoulli(0), null, 4);
        CvaeGraph constant = CvaeGraph.build(ARCH, LearningRate.constant(0.05), LossSpec.bernoulli(0), null, 4);
        Random rng = new Random(1);
        MultiDataSet first = batch(rng);
        decayed.fit(first);
        constant.fit(first);
        assertEquals(constant.decoderWeights(), decayed.decoderWeights(), "step 1 runs at the full rate in both");

        INDArray start = decayed.decoderWeights().get("dec_out_W");
        MultiDataSet second = batch(rng);
        decayed.fit(second);
        constant.fit(second);
        INDArray halfStep = decayed.decoderWeights().get("dec_out_W").sub(start);
        INDArray fullStep = constant.decoderWeights().get("dec_out_W").sub(start);
        assertTrue(fullStep.norm2Number().doubleValue() > 1e-4, "the second step moved the weights");
        assertEquals(0.0, halfStep.mul(2).sub(fullStep).normmaxNumber().doubleValue(), 1e-5,
                "step 2 runs at half the rate: the same Adam direction, half as far");

        Map<String, INDArray> decayedBefore = decayed.decoderWeights();
        Map<String, INDArray> constantBefore = constant.decoderWeights();
        MultiDataSet third = batch(rng);
        decayed.fit(third);
        constant.fit(third);
        assertEquals(decayedBefore, decayed.decoderWeights(), "the rate is zero after the decay");
        assertNotEquals(constantBefore, constant.decoderWeights(), "a constant rate keeps moving the weights");
    }

    private static MultiDataSet batch(Random rng) {
        INDArray c = ImageBatch.oneHot(new int[] {0, 1, 0}, 2);
        return new MultiDataSet(new INDArray[] {Nd4j.rand(3, 9), c, ImageBatch.gaussian(rng, 3, 2),
            ImageBatch.gaussian(rng, 3, 2), c, Nd4j.scalar(1f)}, new INDArray[0]);
    }
}
