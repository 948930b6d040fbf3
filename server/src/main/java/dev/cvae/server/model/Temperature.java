package dev.cvae.server.model;

/**
 * The range a sampling temperature may take, in requests and in model.json: latents are drawn from N(0, T^2 I),
 * so T must be positive; above 2 the samples leave the region the decoder was trained on.
 */
public final class Temperature {
    public static final double MAX = 2;
    /** As error messages say it. */
    public static final String RANGE = "in (0, " + (int) MAX + "]";

    private Temperature() {
    }

    public static boolean allowed(double t) {
        return t > 0 && t <= MAX; // false for NaN
    }
}
