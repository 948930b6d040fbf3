package dev.cvae.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AugmentationTest {
    private static final ImageShape SHAPE = new ImageShape(1, 16, 16);
    private static final Augmentation STRONG = new Augmentation(2, 15, 30, 4);

    /** A bright 6x6 square in the middle of a dark 16x16 image. */
    private static float[] square() {
        float[] image = new float[SHAPE.size()];
        for (int y = 5; y < 11; y++) for (int x = 5; x < 11; x++) image[y * 16 + x] = 1f;
        return image;
    }

    @Test
    void theSameSeedGivesTheSameImageAndAnotherSeedAnotherOne() {
        float[] a = STRONG.apply(square(), SHAPE, new Random(5));
        float[] b = STRONG.apply(square(), SHAPE, new Random(5));
        float[] c = STRONG.apply(square(), SHAPE, new Random(6));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c), "seed 6 drew the same distortion as seed 5");
    }

    @Test
    void keepsTheShapeAndTheUnitRangeOnEveryChannel() {
        ImageShape rgb = new ImageShape(3, 10, 12);
        Random rng = new Random(1);
        float[] image = new float[rgb.size()];
        for (int i = 0; i < image.length; i++) image[i] = rng.nextFloat();
        for (int trial = 0; trial < 20; trial++) {
            float[] out = STRONG.apply(image, rgb, rng);
            assertEquals(rgb.size(), out.length);
            for (float v : out) assertTrue(v >= 0f && v <= 1f, "value " + v + " outside [0, 1]");
        }
    }

    @Test
    void noDistortionCopiesTheImage() {
        float[] image = square();
        float[] out = Augmentation.NONE.apply(image, SHAPE, new Random(1));
        assertArrayEquals(image, out);
        out[0] = 0.5f;
        assertEquals(0f, image[0], "the input was not copied");
    }

    @Test
    void aShiftAloneMovesTheSquareByAtMostTheMaximum() {
        Augmentation shift = new Augmentation(2, 0, 0, 1);
        Random rng = new Random(9);
        for (int trial = 0; trial < 20; trial++) {
            float[] out = shift.apply(square(), SHAPE, rng);
            double[] centre = centreOfMass(out);
            assertTrue(Math.abs(centre[0] - 7.5) <= 2.0001 && Math.abs(centre[1] - 7.5) <= 2.0001,
                    "centre moved to " + Arrays.toString(centre));
            assertEquals(36, sum(out), 4, "a small shift keeps the square inside, with its mass");
        }
    }

    @Test
    void theMirrorFlipsAboutHalfTheImagesLeftToRightAndLeavesTheOthers() {
        float[] image = new float[SHAPE.size()];
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) image[y * 16 + x] = x / 15f; // dark left, bright right
        float[] mirrored = new float[image.length];
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) mirrored[y * 16 + x] = image[y * 16 + 15 - x];
        Augmentation mirror = new Augmentation(0, 0, 0, 1, true);
        assertFalse(mirror.changesNothing());
        Random rng = new Random(3);
        int flipped = 0;
        for (int trial = 0; trial < 200; trial++) {
            float[] out = mirror.apply(image, SHAPE, rng);
            if (Arrays.equals(out, mirrored)) flipped++;
            else assertArrayEquals(image, out, "neither the image nor its mirror");
        }
        assertTrue(flipped > 70 && flipped < 130, flipped + " of 200 mirrored");
    }

    /** The bundled models' label loss and the digit judge were trained with these draws: the mirror adds one, last. */
    @Test
    void withoutTheMirrorTheDrawsAreThoseOfShiftRotationAndTheTwoFieldsAlone() {
        Random used = new Random(8);
        STRONG.apply(square(), SHAPE, used);
        Random expected = new Random(8);
        for (int i = 0; i < 3 + 2 * SHAPE.size(); i++) expected.nextDouble();
        assertEquals(expected.nextLong(), used.nextLong());

        Random usedWithMirror = new Random(8);
        new Augmentation(2, 15, 30, 4, true).apply(square(), SHAPE, usedWithMirror);
        Random expectedWithMirror = new Random(8);
        for (int i = 0; i < 3 + 2 * SHAPE.size(); i++) expectedWithMirror.nextDouble();
        expectedWithMirror.nextBoolean();
        assertEquals(expectedWithMirror.nextLong(), usedWithMirror.nextLong());
    }

    @Test
    void distortionChangesPixelsButKeepsMostOfTheMass() {
        float[] out = STRONG.apply(square(), SHAPE, new Random(2));
        assertFalse(Arrays.equals(square(), out));
        assertEquals(36, sum(out), 9);
    }

    @Test
    void rejectsAnImageOfTheWrongSizeAndNegativeParameters() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> STRONG.apply(new float[10], SHAPE, new Random(1)));
        assertTrue(e.getMessage().contains("expected 256"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(-1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Augmentation(0, 0, 0, 0));
    }

    private static double sum(float[] image) {
        double s = 0;
        for (float v : image) s += v;
        return s;
    }

    private static double[] centreOfMass(float[] image) {
        double y = 0;
        double x = 0;
        double m = 0;
        for (int i = 0; i < image.length; i++) {
            y += image[i] * (i / 16);
            x += image[i] * (i % 16);
            m += image[i];
        }
        return new double[] {y / m, x / m};
    }
}
