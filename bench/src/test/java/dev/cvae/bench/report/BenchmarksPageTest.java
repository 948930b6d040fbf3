package dev.cvae.bench.report;

import static dev.cvae.bench.run.ServerKind.DEFAULT;
import static dev.cvae.bench.run.ServerKind.ECHO;
import static dev.cvae.bench.run.TestRuns.run;
import static dev.cvae.bench.run.TestRuns.stolen;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvae.bench.run.FullResults;
import dev.cvae.bench.run.FullRun;
import dev.cvae.bench.run.MachineInfo;
import dev.cvae.bench.run.PairedRounds;
import dev.cvae.bench.run.TrainingEpoch;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarksPageTest {
    private static final MachineInfo MACHINE = new MachineInfo(2, "cpu", 24, "jdk", "today", "abc", 1);
    private static final TrainingEpoch.Result NO_TRAINING = new TrainingEpoch.Result("", 15.7, 16.2, null);

    @Test
    void theMachineTableGivesTheMedianAndTheMostStolenOverTheMatrixAndTheRounds() {
        PairedRounds rounds = new PairedRounds(FullRun.TARGET_WORKLOAD,
                List.of(List.of(stolen(run(64, DEFAULT, 600, 1), 4.5), run(64, ECHO, 900, 1))));
        FullResults results = new FullResults(MACHINE, "settings", 1, List.of(),
                List.of(stolen(run(1, DEFAULT, 900, 0.3), 0.5), stolen(run(8, DEFAULT, 900, 0.3), 1.0), run(64, DEFAULT, 900, 0.3)),
                rounds, null, NO_TRAINING);

        assertEquals("median 1.0%, most 4.5% (3 client runs)", BenchmarksPage.stolenOverRuns(results),
                "the runs without a stolen share are left out, not counted as 0");
    }

    @Test
    void resultsOfARunThatDidNotRecordItSaySo() {
        FullResults results = new FullResults(MACHINE, "settings", 1, List.of(), List.of(run(1, DEFAULT, 900, 0.3)), null, null, NO_TRAINING);

        assertEquals("not recorded (runs before a0e040e)", BenchmarksPage.stolenOverRuns(results));
    }
}
