package dev.cvae.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineTest {
    private final Baseline baseline = new Baseline(0.4, Map.of("a", 1.0, "b", 2.0), "here");

    @Test
    void aRatioRegressesOnlyBelowTheBaselineLessTheMargin() {
        List<Baseline.Verdict> verdicts = baseline.compare(Map.of("a", 0.61, "b", 1.19));

        Baseline.Verdict a = verdicts.stream().filter(v -> v.name().equals("a")).findFirst().orElseThrow();
        Baseline.Verdict b = verdicts.stream().filter(v -> v.name().equals("b")).findFirst().orElseThrow();
        assertFalse(a.regressed());
        assertEquals(0.6, a.floor(), 1e-9);
        assertTrue(b.regressed());
    }

    @Test
    void aRatioThatWasNotMeasuredCountsAsRegressed() {
        assertTrue(baseline.compare(Map.of("a", 1.0)).stream().filter(v -> v.name().equals("b")).findFirst().orElseThrow().regressed());
    }

    @Test
    void aBaselineReadsBackAsWritten(@TempDir Path dir) throws IOException {
        baseline.write(dir.resolve("baseline.json"));

        assertEquals(baseline, Baseline.read(dir.resolve("baseline.json")));
    }

    @Test
    void aMarginOutsideZeroToOneIsRefusedNamingTheFieldAndTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("baseline.json"), "{\"margin\": 1.5, \"ratios\": {\"a\": 1.0}, \"measured\": \"x\"}");

        IOException e = assertThrows(IOException.class, () -> Baseline.read(file));
        assertEquals(file + ": margin must be between 0 and 1, got 1.5", e.getMessage());
    }
}
