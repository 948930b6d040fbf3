package dev.cvae.server.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class LatentMathTest {
    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        return Math.sqrt(s);
    }

    @Test
    void aSeedAlwaysNamesTheSameLatentVectors() {
        assertArrayEquals(LatentSampler.sample(42, 3, 8), LatentSampler.sample(42, 3, 8));
        assertNotEquals(LatentSampler.sample(42, 1, 8)[0], LatentSampler.sample(43, 1, 8)[0]);
        assertEquals(24, LatentSampler.sample(1, 3, 8).length);
        assertEquals(3, LatentSampler.sample(1, 1, 3).length, "odd sizes are filled too");
    }

    @Test
    void priorSamplesLookStandardNormal() {
        float[] z = LatentSampler.sample(7, 10_000, 2);
        double mean = 0;
        double sq = 0;
        for (float v : z) {
            mean += v;
            sq += v * v;
        }
        mean /= z.length;
        assertEquals(0, mean, 0.03);
        assertEquals(1, sq / z.length - mean * mean, 0.05);
    }

    @Test
    void linearPathEndsAtBothEndpoints() {
        float[] a = {0, 2};
        float[] b = {4, -2};
        assertArrayEquals(a, LatentPath.linear(a, b, 0));
        assertArrayEquals(b, LatentPath.linear(a, b, 1));
        assertArrayEquals(new float[] {2, 0}, LatentPath.linear(a, b, 0.5f));
        assertEquals(0f, LatentPath.position(0, 5));
        assertEquals(1f, LatentPath.position(4, 5));
    }

    @Test
    void sphericalPathKeepsTheNormBetweenVectorsOfEqualNorm() {
        float[] a = {3, 0};
        float[] b = {0, 3};
        float[] mid = LatentPath.spherical(a, b, 0.5f);
        assertEquals(3, norm(mid), 1e-5);
        assertEquals(mid[0], mid[1], 1e-6);
        assertEquals(3 * Math.sqrt(0.5), norm(LatentPath.linear(a, b, 0.5f)), 1e-5, "linear cuts the corner");
        assertArrayEquals(a, LatentPath.spherical(a, b, 0), 1e-6f);
        assertArrayEquals(b, LatentPath.spherical(a, b, 1), 1e-6f);
        assertArrayEquals(new float[] {1, 1}, LatentPath.spherical(new float[] {1, 1}, new float[] {1, 1}, 0.3f), 1e-6f);
    }
}
