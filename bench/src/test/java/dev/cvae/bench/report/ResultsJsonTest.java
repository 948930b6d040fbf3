package dev.cvae.bench.report;

import static dev.cvae.bench.run.ServerKind.DEFAULT;
import static dev.cvae.bench.run.ServerKind.ECHO;
import static dev.cvae.bench.run.TestRuns.run;
import static dev.cvae.bench.run.TestRuns.stolen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cvae.bench.run.FullResults;
import dev.cvae.bench.run.FullRun;
import dev.cvae.bench.run.MachineInfo;
import dev.cvae.bench.run.PairedRounds;
import dev.cvae.bench.run.TrainingEpoch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/benchmarks/results.json: what a full run saves is what the next run and --report-only read back. */
class ResultsJsonTest {
    @Test
    void theRoundsSurviveTheFile() throws Exception {
        PairedRounds rounds = new PairedRounds(FullRun.TARGET_WORKLOAD, List.of(List.of(stolen(run(64, DEFAULT, 600, 1.5), 3.5), run(64, ECHO, 900, 1)),
                List.of(run(64, ECHO, 1000, 1), run(64, DEFAULT, 610, 1.4))));
        FullResults results = new FullResults(new MachineInfo(2, "cpu", 24, "jdk", "today", "abc", 1), "settings", 1, List.of(),
                List.of(run(1, DEFAULT, 900, 0.3)), rounds, null, new TrainingEpoch.Result("", 15.7, 16.2, null));

        FullResults back = BenchmarksPage.JSON.readValue(BenchmarksPage.JSON.writeValueAsString(results), FullResults.class);

        assertEquals(rounds, back.targetRounds());
        assertEquals(3.5, back.targetRounds().rounds().get(0).get(0).result().stolenPercent(), "the stolen share survives; a run without one stays null");
        assertNull(back.targetRounds().rounds().get(0).get(1).result().stolenPercent());
        assertEquals(results.loads(), back.loads());
        List<String> fields = new ArrayList<>();
        BenchmarksPage.JSON.valueToTree(rounds).fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("workload", "rounds"), fields, "only the record's components are written");
    }

    @Test
    void theResultsOfARunBeforeTheRoundsReadWithoutThem() throws Exception {
        // tests run in the bench module's directory; the committed file may come from a run with or without rounds
        FullResults committed = BenchmarksPage.read(Path.of("").toAbsolutePath().getParent().resolve("docs"));
        FullResults old = BenchmarksPage.JSON.readValue(BenchmarksPage.JSON.writeValueAsString(committed).replace("\"targetRounds\"", "\"x\""),
                FullResults.class);

        assertNull(old.targetRounds());
        assertFalse(new ResultIndex(old).targetRounds().isPresent());
        assertEquals(committed.loads(), old.loads());
    }
}
