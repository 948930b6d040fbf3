package dev.cvae.server.inference;

/**
 * Points between two vectors: linear, or spherical (slerp), which keeps prior samples at a typical norm instead
 * of passing close to the origin. Stateless and thread-safe.
 */
public final class LatentPath {
    private LatentPath() {
    }

    /** Position of point {@code index} of {@code steps}: 0 at the start, 1 at the end. */
    public static float position(int index, int steps) {
        return steps == 1 ? 0f : index / (float) (steps - 1);
    }

    public static float[] linear(float[] a, float[] b, float t) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = a[i] + t * (b[i] - a[i]);
        return out;
    }

    /** Spherical interpolation of direction and linear interpolation of norm; linear when the angle is tiny. */
    public static float[] spherical(float[] a, float[] b, float t) {
        double na = norm(a);
        double nb = norm(b);
        if (na < 1e-8 || nb < 1e-8) return linear(a, b, t);
        double dot = 0;
        for (int i = 0; i < a.length; i++) dot += a[i] / na * (b[i] / nb);
        double omega = Math.acos(Math.max(-1.0, Math.min(1.0, dot)));
        if (omega < 1e-6 || Math.PI - omega < 1e-6) return linear(a, b, t);
        double s = Math.sin(omega);
        double wa = Math.sin((1 - t) * omega) / s;
        double wb = Math.sin(t * omega) / s;
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (float) (wa * a[i] + wb * b[i]);
        return out;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) s += x * x;
        return Math.sqrt(s);
    }
}
