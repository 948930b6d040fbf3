package dev.cvae.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The seed scheme derives the numbers the trainer always used (run seed, +1 judge, +2 auxiliary classifier,
 * +3 label obedience, +4 report, XOR 0x5DEECE66D for evaluation noise): the bundled models' documented
 * commands rebuild them byte for byte only with these.
 */
class SeedsTest {
    @Test
    void theDefaultSeedGivesTheNumbersTheBundledModelsWereTrainedWith() {
        Seeds seeds = new Seeds(42);
        assertEquals(42, seeds.dataSplit());
        assertEquals(42, seeds.weights());
        assertEquals(42, seeds.training());
        assertEquals(25214903879L, seeds.evaluation());
        assertEquals(43, seeds.judge());
        assertEquals(44, seeds.auxiliaryClassifier());
        assertEquals(25214903873L, seeds.auxiliaryDistortions());
        assertEquals(45, seeds.labelObedience());
        assertEquals(46, seeds.report());
    }

    @Test
    void everyPurposeIsTheSameFunctionOfAnyRunSeed() {
        for (long run : new long[] {0, 5, -7, Long.MAX_VALUE}) {
            Seeds seeds = new Seeds(run);
            assertEquals(run, seeds.dataSplit());
            assertEquals(run, seeds.weights());
            assertEquals(run, seeds.training());
            assertEquals(run ^ 0x5DEECE66DL, seeds.evaluation());
            assertEquals(run + 1, seeds.judge());
            assertEquals(run + 2, seeds.auxiliaryClassifier());
            assertEquals(run + 3, seeds.labelObedience());
            assertEquals(run + 4, seeds.report(), "wraps around like the long addition it always was");
        }
    }
}
