package dev.cvae.trainer.judge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.data.IdxDataset;
import dev.cvae.trainer.data.ImageShape;
import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.testdata.SyntheticStrokes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

class NearestNeighbourJudgeTest {
    @TempDir
    Path dir;

    /** Two-pixel images: class 0 dark, class 1 bright, class 2 left pixel only. */
    private static LabelledImages points() {
        byte[] pixels = {0, 0, 10, 5, (byte) 250, (byte) 250, (byte) 240, (byte) 255, (byte) 200, 0, (byte) 255, 20};
        return new LabelledImages(new ImageShape(1, 1, 2), 3, pixels, new int[] {0, 0, 1, 1, 2, 2});
    }

    @Test
    void classifiesTriviallySeparablePointsByTheirNeighbours() {
        NearestNeighbourJudge judge = NearestNeighbourJudge.fit(points(), 1);
        int[] predicted = judge.classify(Nd4j.create(new float[] {0.01f, 0.02f, 0.9f, 0.95f, 0.9f, 0.1f}, new long[] {3, 2}, 'c'));
        assertArrayEquals(new int[] {0, 1, 2}, predicted);
        assertEquals("knn-1", judge.name());
    }

    @Test
    void aTieGoesToTheClassOfTheNearestNeighbour() {
        NearestNeighbourJudge judge = NearestNeighbourJudge.fit(points(), 2);
        // nearest: the left-only point (200, 0) of class 2, then the dark point (10, 5) of class 0: one vote each
        int[] predicted = judge.classify(Nd4j.create(new float[] {0.45f, 0.0f}, new long[] {1, 2}, 'c'));
        assertArrayEquals(new int[] {2}, predicted);
    }

    @Test
    void recognisesHeldOutStrokesWithFiveNeighbours() throws Exception {
        IdxDataset data = IdxDataset.load(SyntheticStrokes.write(dir, 400, 100, 2), SyntheticStrokes.CLASSES);
        LabelAccuracy accuracy = LabelAccuracy.of(NearestNeighbourJudge.fit(data.train(), 5), data.test());
        assertTrue(accuracy.overall() > 0.9, "accuracy " + accuracy.overall());
    }

    @Test
    void refusesMoreNeighboursThanTrainingImagesAndImagesOfAnotherSize() {
        assertThrows(IllegalArgumentException.class, () -> NearestNeighbourJudge.fit(points(), 7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NearestNeighbourJudge.fit(points(), 1).classify(Nd4j.zeros(1, 3)));
        assertTrue(e.getMessage().contains("[N, 2]"), e.getMessage());
    }
}
