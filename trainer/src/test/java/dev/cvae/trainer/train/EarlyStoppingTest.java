package dev.cvae.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
    @Test
    void stopsAfterPatienceEpochsWithoutABetterLossAndRemembersTheBest() {
        EarlyStopping s = new EarlyStopping(2);
        assertTrue(s.record(1, 10));
        assertTrue(s.record(2, 8));
        assertFalse(s.record(3, 9));
        assertFalse(s.shouldStop());
        assertFalse(s.record(4, 8));
        assertTrue(s.shouldStop(), "two epochs without improving on 8");
        assertEquals(2, s.bestEpoch());
        assertEquals(8, s.bestLoss());
    }

    @Test
    void aNewBestResetsTheCountAndPatienceZeroNeverStops() {
        EarlyStopping s = new EarlyStopping(2);
        s.record(1, 5);
        s.record(2, 6);
        s.record(3, 4);
        s.record(4, 7);
        assertFalse(s.shouldStop());
        EarlyStopping never = new EarlyStopping(0);
        never.record(1, 1);
        for (int e = 2; e < 20; e++) never.record(e, 2);
        assertFalse(never.shouldStop());
    }
}
