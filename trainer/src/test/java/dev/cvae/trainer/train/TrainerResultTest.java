package dev.cvae.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerResultTest {
    private static EpochMetrics epoch(int n, double seconds) {
        return new EpochMetrics(n, 1, 1, 1, 1, 2, seconds);
    }

    private static final List<EpochMetrics> HISTORY = List.of(epoch(0, 0), epoch(1, 10), epoch(2, 20), epoch(3, 40), epoch(4, 80));

    @Test
    void aFreshRunHasNoEarlierSeconds() {
        assertEquals(0, new CvaeTrainer.Result(null, HISTORY, 4, 1).earlierSeconds());
    }

    @Test
    void aResumedRunCountsTheEpochsTrainedBeforeIt() {
        assertEquals(70, new CvaeTrainer.Result(null, HISTORY, 4, 4).earlierSeconds(), 1e-9);
        assertEquals(150, new CvaeTrainer.Result(null, HISTORY, 4, 5).earlierSeconds(), 1e-9);
    }
}
