package dev.cvae.bench.report;

import static dev.cvae.bench.run.TestRuns.run;
import static dev.cvae.bench.run.ServerKind.DEFAULT;
import static dev.cvae.bench.run.ServerKind.ECHO;
import static dev.cvae.bench.run.ServerKind.MAX_BATCH_1;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvae.bench.run.FullResults;
import dev.cvae.bench.run.FullRun;
import dev.cvae.bench.run.MachineInfo;
import dev.cvae.bench.run.Measurement;
import dev.cvae.bench.run.PairedRounds;
import dev.cvae.bench.run.TrainingEpoch;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IssueTargetsTest {
    /** The matrix's single points: the batching ratio 2x, the stack ratio 40%, a lone caller at 0.8x. */
    private static final List<Measurement> SINGLE_POINTS = List.of(run(1, DEFAULT, 800, 0.5), run(1, MAX_BATCH_1, 1000, 0.4),
            run(64, DEFAULT, 400, 2), run(64, MAX_BATCH_1, 200, 4), run(64, ECHO, 1000, 1));

    private static FullResults results(PairedRounds rounds) {
        return new FullResults(new MachineInfo(2, "cpu", 24, "jdk", "today", "abc", 1), "settings", 1, List.of(), SINGLE_POINTS, rounds, null,
                new TrainingEpoch.Result("", Double.NaN, Double.NaN, "left out"));
    }

    private static List<Measurement> round(double lone, double batching, double stack) {
        return List.of(run(1, DEFAULT, 1000 * lone, 0.3), run(1, MAX_BATCH_1, 1000, 0.3), run(64, DEFAULT, 600, 2),
                run(64, MAX_BATCH_1, 600 / batching, 4), run(64, ECHO, 600 / stack, 1));
    }

    private static String measured(List<IssueTargets.Target> targets, String what) {
        return targets.stream().filter(t -> t.what().startsWith(what)).findFirst().orElseThrow().measured();
    }

    private static Optional<Boolean> met(List<IssueTargets.Target> targets, String what) {
        return targets.stream().filter(t -> t.what().startsWith(what)).findFirst().orElseThrow().met();
    }

    @Test
    void theTargetsPointsAreTheMediansOfThePairedRounds() {
        PairedRounds rounds = new PairedRounds(FullRun.TARGET_WORKLOAD, List.of(round(1.02, 3, 0.58), round(0.85, 3.5, 0.62),
                round(1.05, 2.5, 0.64)));

        List<IssueTargets.Target> targets = IssueTargets.of(new ResultIndex(results(rounds)), Double.NaN, "");

        assertEquals("1.02x", measured(targets, "1 stream, generate count 1: throughput"));
        assertEquals(Optional.of(true), met(targets, "1 stream, generate count 1: throughput"));
        assertEquals("3.00x", measured(targets, "64 streams, count 1: throughput, default / `--max-batch 1`"));
        assertEquals("62% (medians 600 vs 968 req/s)", measured(targets, "64 streams, count 1: throughput, default / echo"));
        assertEquals("1.00x (0.30 vs 0.30 ms)", measured(targets, "1 stream: p50"));
        assertEquals(Optional.of(true), met(targets, "64 streams, count 1: throughput, default / echo"));
    }

    @Test
    void p99IsHeldToTheFiguresOfWhenTheIssueWasFiledAndShownBesideThePreviousRun() {
        PairedRounds slow = new PairedRounds(FullRun.TARGET_WORKLOAD, List.of(List.of(run(64, DEFAULT, 600, 8)), List.of(run(64, DEFAULT, 600, 7))));

        List<IssueTargets.Target> targets = IssueTargets.of(new ResultIndex(results(slow)), 5.5, "commit abc");

        assertEquals("15.00 ms (previous run 5.50 ms, commit abc)", measured(targets, "p99 at 64 streams"), "p99 is twice the p50 here");
        assertEquals(Optional.of(true), met(targets, "p99 at 64 streams"));
        PairedRounds slower = new PairedRounds(FullRun.TARGET_WORKLOAD, List.of(List.of(run(64, DEFAULT, 600, 8)), List.of(run(64, DEFAULT, 600, 7.6))));
        assertEquals(Optional.of(false), met(IssueTargets.of(new ResultIndex(results(slower)), 5.5, "commit abc"), "p99 at 64 streams"));
    }

    @Test
    void withoutRoundsTheTargetsUseTheMatrixsSinglePoints() {
        List<IssueTargets.Target> targets = IssueTargets.of(new ResultIndex(results(null)), Double.NaN, "");

        assertEquals("0.80x", measured(targets, "1 stream, generate count 1: throughput"));
        assertEquals(Optional.of(false), met(targets, "1 stream, generate count 1: throughput"));
        assertEquals("2.00x", measured(targets, "64 streams, count 1: throughput, default / `--max-batch 1`"));
        assertEquals("40% (400 vs 1,000 req/s)", measured(targets, "64 streams, count 1: throughput, default / echo"));
        assertEquals("1.25x (0.50 vs 0.40 ms)", measured(targets, "1 stream: p50"));
    }
}
