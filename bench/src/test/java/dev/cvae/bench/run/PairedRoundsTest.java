package dev.cvae.bench.run;

import static dev.cvae.bench.run.ServerKind.DEFAULT;
import static dev.cvae.bench.run.ServerKind.ECHO;
import static dev.cvae.bench.run.TestRuns.run;
import static dev.cvae.bench.run.TestRuns.stolen;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PairedRoundsTest {
    private static final Workload WORKLOAD = FullRun.TARGET_WORKLOAD;

    @Test
    void eachRatioIsTakenWithinItsRoundAndTheMedianIsOverTheRounds() {
        PairedRounds rounds = new PairedRounds(WORKLOAD, List.of(
                List.of(run(64, DEFAULT, 300, 1), run(64, ECHO, 600, 1)),
                List.of(run(64, ECHO, 1000, 1), run(64, DEFAULT, 700, 1)),
                List.of(run(64, DEFAULT, 320, 1), run(64, ECHO, 400, 1))));

        assertArrayEquals(new double[] {0.5, 0.7, 0.8}, rounds.ratios(64, DEFAULT, ECHO, LoadResult::requestsPerSecond), 1e-12);
        assertEquals(0.7, PairedRounds.median(rounds.ratios(64, DEFAULT, ECHO, LoadResult::requestsPerSecond)), 1e-12);
        // the ratio of medians would be 320 / 600: not what a paired measurement says
        assertEquals(320, PairedRounds.median(rounds.values(64, DEFAULT, LoadResult::requestsPerSecond)), 1e-12);
    }

    @Test
    void aFailedRunMakesItsRoundsRatioNaNAndTheMedianIsOverTheRest() {
        Measurement failed = new Measurement(WORKLOAD, 64, ECHO, LoadResult.failed("client exited with 1"));
        PairedRounds rounds = new PairedRounds(WORKLOAD, List.of(
                List.of(run(64, DEFAULT, 300, 1), failed),
                List.of(run(64, DEFAULT, 300, 1), run(64, ECHO, 500, 1)),
                List.of(run(64, DEFAULT, 300, 1), run(64, ECHO, 400, 1))));

        double[] ratios = rounds.ratios(64, DEFAULT, ECHO, LoadResult::requestsPerSecond);
        assertTrue(Double.isNaN(ratios[0]));
        assertEquals(0.675, PairedRounds.median(ratios), 1e-12, "the median of {0.6, 0.75}");
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwoAndNeedsHalfTheRoundsMeasured() {
        assertEquals(15, PairedRounds.median(new double[] {16, 14}), 1e-12);
        assertEquals(2, PairedRounds.median(new double[] {3, 1, 2}), 1e-12);
        assertEquals(1.5, PairedRounds.median(new double[] {Double.NaN, 1, 2, Double.NaN}), 1e-12);
        assertTrue(Double.isNaN(PairedRounds.median(new double[] {Double.NaN, Double.NaN, 0.5})), "one run of three cannot speak for them");
        assertTrue(Double.isNaN(PairedRounds.median(new double[0])));
    }

    @Test
    void eachRoundShowsTheMostCpuStolenDuringOneOfItsRunsAtThatConcurrency() {
        Measurement failed = new Measurement(WORKLOAD, 64, ECHO, LoadResult.failed("client exited with 1").withStolenPercent(9));
        PairedRounds rounds = new PairedRounds(WORKLOAD, List.of(
                List.of(stolen(run(64, DEFAULT, 300, 1), 0.5), stolen(run(64, ECHO, 600, 1), 4.0), stolen(run(1, DEFAULT, 30, 1), 20)),
                List.of(run(64, DEFAULT, 300, 1), stolen(run(64, ECHO, 500, 1), 1.5)),
                List.of(run(64, DEFAULT, 300, 1), run(64, ECHO, 400, 1)),
                List.of(run(64, DEFAULT, 300, 1), failed)));

        double[] most = rounds.mostStolen(64);
        assertArrayEquals(new double[] {4.0, 1.5}, new double[] {most[0], most[1]}, 1e-12, "the other concurrency's 20% is not this point's");
        assertTrue(Double.isNaN(most[2]), "unknown, not 0");
        assertEquals(9, most[3], 1e-12, "a failed run's neighbours still count: they may be why it failed");
    }

    @Test
    void aPointNotMeasuredInARoundIsNaN() {
        PairedRounds rounds = new PairedRounds(WORKLOAD, List.of(List.of(run(1, DEFAULT, 300, 1))));

        assertTrue(Double.isNaN(rounds.values(64, DEFAULT, LoadResult::requestsPerSecond)[0]));
    }
}
