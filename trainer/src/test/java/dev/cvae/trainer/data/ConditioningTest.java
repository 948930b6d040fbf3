package dev.cvae.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConditioningTest {
    private final Conditioning multi = new Conditioning(List.of(
            Attribute.categorical("digit", List.of("0", "1", "2")),
            Attribute.binary("thickness", List.of("thin", "thick")),
            Attribute.scalar("slant", -1, 1)));

    @Test
    void encodesEachAttributeIntoItsSlots() {
        assertEquals(5, multi.size());
        assertEquals("multi-attribute", multi.kind());
        assertArrayEquals(new float[] {0, 0, 1, 1, -0.5f}, multi.encode(new double[] {2, 1, -0.5}));
        assertEquals("digit=2, thickness=thick, slant=-0.50", multi.describe(multi.encode(new double[] {2, 1, -0.5})));
    }

    @Test
    void samplingDrawsEveryAttributeAndReportsThePrimaryLabel() {
        Conditioning.Rows rows = multi.sample(new Random(3), 200);
        for (int i = 0; i < 200; i++) {
            float[] c = java.util.Arrays.copyOfRange(rows.c(), i * 5, i * 5 + 5);
            assertEquals(1f, c[0] + c[1] + c[2], 0f);
            assertEquals(1f, c[rows.labels()[i]], 0f);
            assertTrue(c[3] == 0f || c[3] == 1f);
            assertTrue(c[4] >= -1 && c[4] <= 1);
        }
        Conditioning.Rows ones = multi.withLabel(1, new Random(4), 10);
        for (int i = 0; i < 10; i++) assertEquals(1f, ones.c()[i * 5 + 1], 0f);
    }

    @Test
    void oneCategoricalAttributeSamplesExactlyAsNextIntDid() {
        Conditioning oneHot = Conditioning.oneHot("label", List.of("a", "b", "c", "d"));
        Random expected = new Random(9);
        Conditioning.Rows rows = oneHot.sample(new Random(9), 50);
        for (int i = 0; i < 50; i++) assertEquals(expected.nextInt(4), rows.labels()[i]);
        assertEquals("one-hot", oneHot.kind());
    }

    @Test
    void kindsAndPrimaryAttribute() {
        assertEquals("binary", new Conditioning(List.of(Attribute.binary("pathology", List.of("absent", "present")))).kind());
        Conditioning scalar = new Conditioning(List.of(Attribute.scalar("age", 0, 90)));
        assertEquals("scalar", scalar.kind());
        assertEquals(-1, scalar.primary());
        assertEquals(0, scalar.classCount());
        assertThrows(IllegalArgumentException.class, () -> Attribute.binary("x", List.of("a", "b", "c")));
    }
}
