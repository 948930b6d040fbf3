package dev.cvae.trainer.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A set of images with one class label each: pixels as unsigned bytes, flattened channel-major, one image
 * after another. Immutable once built; safe to share between threads.
 */
public final class LabelledImages {
    private final ImageShape shape;
    private final int classCount;
    private final byte[] pixels;
    private final int[] labels;

    public LabelledImages(ImageShape shape, int classCount, byte[] pixels, int[] labels) {
        this.shape = Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(pixels, "pixels");
        Objects.requireNonNull(labels, "labels");
        if (classCount < 1) throw new IllegalArgumentException("classCount must be >= 1, got " + classCount);
        if ((long) labels.length * shape.size() != pixels.length) {
            throw new IllegalArgumentException("pixels holds " + pixels.length + " values, expected "
                    + labels.length + " images of " + shape.size());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classCount) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i
                        + " is outside 0.." + (classCount - 1));
            }
        }
        this.classCount = classCount;
        this.pixels = pixels;
        this.labels = labels;
    }

    public ImageShape shape() {
        return shape;
    }

    public int classCount() {
        return classCount;
    }

    public int size() {
        return labels.length;
    }

    public int label(int index) {
        return labels[index];
    }

    /** Copies image {@code index} into {@code dest} at {@code offset}, scaled to [0, 1]. */
    public void copyPixels(int index, float[] dest, int offset) {
        int d = shape.size();
        int base = index * d;
        for (int j = 0; j < d; j++) {
            dest[offset + j] = (pixels[base + j] & 0xFF) / 255f;
        }
    }

    /** The first {@code n} images (or all, if there are fewer), sharing no state with this set. */
    public LabelledImages head(int n) {
        int k = Math.min(n, size());
        return new LabelledImages(shape, classCount, Arrays.copyOf(pixels, k * shape.size()), Arrays.copyOf(labels, k));
    }

    /** The images at {@code indices}, in that order, sharing no state with this set. */
    public LabelledImages select(int[] indices) {
        int d = shape.size();
        byte[] px = new byte[indices.length * d];
        int[] picked = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * d, px, i * d, d);
            picked[i] = labels[indices[i]];
        }
        return new LabelledImages(shape, classCount, px, picked);
    }

    /** Number of images per class, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[classCount];
        for (int label : labels) counts[label]++;
        return counts;
    }
}
