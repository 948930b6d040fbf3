package dev.cvae.server.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** When a forming batch goes, decided on numbers alone: no threads, no clock. */
class BatchRuleTest {
    private static final long MS = 1_000_000;
    private final BatchRule rule = new BatchRule(8, 5 * MS);

    @Test
    void anIdleRunnerSendsAtOnceWhateverTheDelay() {
        assertEquals(0, rule.waitNanos(1, 0, 0, 0));
        assertEquals(0, new BatchRule(8, 3_600_000 * MS).waitNanos(1, 0, 0, 0));
    }

    @Test
    void whileOtherRunsAreBusyABatchWaitsUntilItsOldestRowHasWaitedTheDelay() {
        assertEquals(5 * MS, rule.waitNanos(1, 100 * MS, 100 * MS, 1));
        assertEquals(2 * MS, rule.waitNanos(3, 100 * MS, 103 * MS, 1));
        assertEquals(0, rule.waitNanos(3, 100 * MS, 105 * MS, 1));
        assertEquals(0, rule.waitNanos(3, 100 * MS, 200 * MS, 2), "long past the delay");
    }

    @Test
    void aFullBatchGoesAtOnce() {
        assertEquals(0, rule.waitNanos(8, 100 * MS, 100 * MS, 1));
    }

    @Test
    void aZeroDelayNeverWaits() {
        assertEquals(0, new BatchRule(8, 0).waitNanos(1, 100 * MS, 100 * MS, 3));
    }

    @Test
    void nonsenseIsRefusedWithTheFieldName() {
        assertEquals("maxBatch must be >= 1, got 0", assertThrows(IllegalArgumentException.class, () -> new BatchRule(0, 0)).getMessage());
        assertEquals("maxDelayNanos must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> new BatchRule(1, -1)).getMessage());
    }
}
