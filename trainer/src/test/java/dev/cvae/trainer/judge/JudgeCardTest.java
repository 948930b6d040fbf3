package dev.cvae.trainer.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.data.Augmentation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed judges' cards still read after the card gained fields, and a new card reads back equal. */
class JudgeCardTest {
    private static final Path DIGIT_JUDGE = Path.of("..", "judges", "mnist-10k", JudgeCard.FILE_NAME);

    @Test
    void aCardWrittenBeforeTheMirrorExistedReadsAsNotMirrored() throws Exception {
        JudgeCard card = JudgeCard.fromJson(Files.readAllBytes(DIGIT_JUDGE));
        Augmentation augmentation = card.training().augmentation();
        assertFalse(augmentation.mirror());
        assertTrue(augmentation.elasticAlpha() > 0, augmentation.toString());
    }

    @Test
    void aMirroredAugmentationTravelsThroughTheCard() throws Exception {
        JudgeCard card = JudgeCard.fromJson(Files.readAllBytes(DIGIT_JUDGE));
        Augmentation mirrored = new Augmentation(2, 5, 10, 4, true);
        JudgeCard.Training t = card.training();
        JudgeCard changed = new JudgeCard(card.formatVersion(), card.dataset(), card.dataDirectory(), card.dataSha256(),
                card.labelNames(), card.image(), card.architecture(), card.parameters(), card.weights(),
                new JudgeCard.Training(t.command(), t.seed(), t.epochs(), t.batchSize(), t.learningRate(), t.learningRateSchedule(),
                        t.validationShare(), t.trainImages(), t.validationImages(), mirrored, t.keptEpoch(), t.secondsPerEpoch(),
                        t.backend()),
                card.epochs(), card.test(), card.createdAt());
        assertEquals(changed, JudgeCard.fromJson(changed.toJson()));
        assertTrue(JudgeCard.fromJson(changed.toJson()).training().augmentation().mirror());
    }
}
