package dev.cvae.server.inference;

import java.util.SplittableRandom;

/**
 * Prior samples z ~ N(0, I) from a seed. The values depend on the seed alone (not on the thread, the batch or
 * the time), so a seed names the same latent vectors on every call and every server. Thread-safe.
 */
public final class LatentSampler {
    private LatentSampler() {
    }

    /** {@code count} vectors of {@code dim} values from N(0, I), row after row. */
    public static float[] sample(long seed, int count, int dim) {
        return sample(seed, count, dim, 1f);
    }

    /**
     * {@code count} vectors of {@code dim} values from N(0, T^2 I), row after row: the same seed's N(0, I) draws
     * scaled by {@code temperature}, so that a seed keeps its directions at every temperature.
     */
    public static float[] sample(long seed, int count, int dim, float temperature) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] z = new float[count * dim];
        for (int i = 0; i < z.length; i += 2) {
            // Box-Muller: two independent standard normals from two uniforms
            double u1 = 1.0 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            z[i] = (float) (r * Math.cos(2 * Math.PI * u2)) * temperature;
            if (i + 1 < z.length) z[i + 1] = (float) (r * Math.sin(2 * Math.PI * u2)) * temperature;
        }
        return z;
    }
}
