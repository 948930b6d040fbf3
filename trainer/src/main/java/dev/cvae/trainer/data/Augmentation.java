package dev.cvae.trainer.data;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random geometric distortions of training images for the judge: a small shift, a small rotation about the
 * centre and an elastic distortion (Simard et al. 2003: a random displacement field, smoothed by a Gaussian of
 * {@code elasticSigma} pixels and scaled by {@code elasticAlpha} pixels), and optionally a left-right mirror of
 * every other image on average (for clothes, not for digits). One displacement field moves every channel; pixels
 * are resampled bilinearly, with zero outside the image, so values stay in [0, 1] and the shape never changes. The
 * same {@link Random} state gives the same image, and without the mirror the draws are those of earlier versions.
 * Immutable and thread-safe.
 *
 * @param maxShift           largest shift along each axis, pixels (uniform in [-max, max])
 * @param maxRotationDegrees largest rotation either way, degrees
 * @param elasticAlpha       scale of the elastic displacement, pixels; 0 turns it off
 * @param elasticSigma       smoothness of the elastic displacement, pixels
 * @param mirror             mirror each image left to right with probability 1/2
 */
public record Augmentation(double maxShift, double maxRotationDegrees, double elasticAlpha, double elasticSigma,
                           boolean mirror) {

    /** No distortion at all: {@link #apply} copies the image. */
    public static final Augmentation NONE = new Augmentation(0, 0, 0, 1);

    /** Without the mirror. */
    public Augmentation(double maxShift, double maxRotationDegrees, double elasticAlpha, double elasticSigma) {
        this(maxShift, maxRotationDegrees, elasticAlpha, elasticSigma, false);
    }

    public Augmentation {
        if (!(maxShift >= 0)) throw new IllegalArgumentException("maxShift must be >= 0 pixels, got " + maxShift);
        if (!(maxRotationDegrees >= 0 && maxRotationDegrees <= 180)) {
            throw new IllegalArgumentException("maxRotationDegrees must be in [0, 180], got " + maxRotationDegrees);
        }
        if (!(elasticAlpha >= 0)) throw new IllegalArgumentException("elasticAlpha must be >= 0 pixels, got " + elasticAlpha);
        if (!(elasticSigma > 0)) throw new IllegalArgumentException("elasticSigma must be > 0 pixels, got " + elasticSigma);
    }

    public boolean changesNothing() {
        return maxShift == 0 && maxRotationDegrees == 0 && elasticAlpha == 0 && !mirror;
    }

    /** A distorted copy of {@code image} (flattened C*H*W, channel-major) drawn from {@code rng}. */
    public float[] apply(float[] image, ImageShape shape, Random rng) {
        if (image.length != shape.size()) {
            throw new IllegalArgumentException("image holds " + image.length + " values, expected " + shape.size() + " for " + shape);
        }
        if (changesNothing()) return image.clone();
        int h = shape.height();
        int w = shape.width();
        double dy = (2 * rng.nextDouble() - 1) * maxShift;
        double dx = (2 * rng.nextDouble() - 1) * maxShift;
        double angle = Math.toRadians((2 * rng.nextDouble() - 1) * maxRotationDegrees);
        float[] fieldY = elasticField(h, w, rng);
        float[] fieldX = elasticField(h, w, rng);
        boolean mirrored = mirror && rng.nextBoolean();
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        float[] out = new float[image.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // where this output pixel comes from: undo the shift, then the rotation, then add the elastic field
                double oy = y - cy - dy;
                double ox = (mirrored ? w - 1 - x : x) - cx - dx;
                double sy = cos * oy + sin * ox + cy + fieldY[y * w + x];
                double sx = -sin * oy + cos * ox + cx + fieldX[y * w + x];
                for (int ch = 0; ch < shape.channels(); ch++) {
                    out[ch * h * w + y * w + x] = bilinear(image, ch * h * w, h, w, sy, sx);
                }
            }
        }
        return out;
    }

    /**
     * Each row of {@code pixels} [N, C*H*W] distorted anew, drawn from {@code rng} in row order, as a new array; the
     * same array when this changes nothing.
     */
    public INDArray applyToRows(INDArray pixels, ImageShape shape, Random rng) {
        if (changesNothing()) return pixels;
        int rows = (int) pixels.rows();
        int d = shape.size();
        float[] in = pixels.dup('c').data().asFloat();
        float[] out = new float[rows * d];
        float[] image = new float[d];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(in, i * d, image, 0, d);
            System.arraycopy(apply(image, shape, rng), 0, out, i * d, d);
        }
        return Nd4j.create(out, new long[] {rows, d}, 'c');
    }

    /** Uniform noise in [-1, 1] per pixel, Gaussian-smoothed and scaled to {@code elasticAlpha}; zeros when off. */
    private float[] elasticField(int h, int w, Random rng) {
        float[] field = new float[h * w];
        if (elasticAlpha == 0) return field;
        for (int i = 0; i < field.length; i++) field[i] = (float) (2 * rng.nextDouble() - 1);
        float[] kernel = gaussianKernel(elasticSigma);
        float[] rows = convolve(field, h, w, kernel, true);
        float[] smooth = convolve(rows, h, w, kernel, false);
        for (int i = 0; i < smooth.length; i++) smooth[i] *= (float) elasticAlpha;
        return smooth;
    }

    private static float[] gaussianKernel(double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) kernel[i] /= (float) sum;
        return kernel;
    }

    /** One pass of a separable convolution, along rows ({@code horizontal}) or columns; zero outside. */
    private static float[] convolve(float[] in, int h, int w, float[] kernel, boolean horizontal) {
        int radius = kernel.length / 2;
        float[] out = new float[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int k = -radius; k <= radius; k++) {
                    int yy = horizontal ? y : y + k;
                    int xx = horizontal ? x + k : x;
                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) acc += kernel[k + radius] * in[yy * w + xx];
                }
                out[y * w + x] = acc;
            }
        }
        return out;
    }

    private static float bilinear(float[] image, int base, int h, int w, double y, double x) {
        int y0 = (int) Math.floor(y);
        int x0 = (int) Math.floor(x);
        double fy = y - y0;
        double fx = x - x0;
        double v = (1 - fy) * ((1 - fx) * pixel(image, base, h, w, y0, x0) + fx * pixel(image, base, h, w, y0, x0 + 1))
                + fy * ((1 - fx) * pixel(image, base, h, w, y0 + 1, x0) + fx * pixel(image, base, h, w, y0 + 1, x0 + 1));
        return (float) Math.min(1.0, Math.max(0.0, v));
    }

    private static float pixel(float[] image, int base, int h, int w, int y, int x) {
        return y < 0 || y >= h || x < 0 || x >= w ? 0f : image[base + y * w + x];
    }
}
