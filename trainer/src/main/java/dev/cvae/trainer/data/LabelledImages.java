package dev.cvae.trainer.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * A set of images with one class label each: pixels as unsigned bytes, flattened channel-major, one image
 * after another. The conditioning vector of an image is the one-hot of its label unless explicit rows were
 * given (several attributes, binary or scalar ones); the label is then the primary attribute's value. Immutable
 * once built; safe to share between threads.
 */
public final class LabelledImages {
    private final ImageShape shape;
    private final int classCount;
    private final byte[] pixels;
    private final int[] labels;
    private final int conditionSize;
    private final float[] conditions;

    public LabelledImages(ImageShape shape, int classCount, byte[] pixels, int[] labels) {
        this(shape, classCount, pixels, labels, classCount, null);
    }

    /**
     * @param conditions the conditioning vectors, {@code conditionSize} values per image; null for one-hot labels
     */
    public LabelledImages(ImageShape shape, int classCount, byte[] pixels, int[] labels, int conditionSize, float[] conditions) {
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
        if (conditions != null && (long) labels.length * conditionSize != conditions.length) {
            throw new IllegalArgumentException("conditions holds " + conditions.length + " values, expected "
                    + labels.length + " rows of " + conditionSize);
        }
        if (conditions == null && conditionSize != classCount) {
            throw new IllegalArgumentException("one-hot conditions have size " + classCount + ", not " + conditionSize);
        }
        this.classCount = classCount;
        this.pixels = pixels;
        this.labels = labels;
        this.conditionSize = conditionSize;
        this.conditions = conditions;
    }

    /** The same images and labels with explicit conditioning vectors ({@code size} values per image). */
    public LabelledImages withConditions(int size, float[] rows) {
        return new LabelledImages(shape, classCount, pixels, labels, size, rows);
    }

    /** Length of each image's conditioning vector. */
    public int conditionSize() {
        return conditionSize;
    }

    /** Writes image {@code index}'s conditioning vector into {@code dest} at {@code offset} (which must be zeroed). */
    public void copyCondition(int index, float[] dest, int offset) {
        if (conditions == null) {
            dest[offset + labels[index]] = 1f;
        } else {
            System.arraycopy(conditions, index * conditionSize, dest, offset, conditionSize);
        }
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
        return new LabelledImages(shape, classCount, Arrays.copyOf(pixels, k * shape.size()), Arrays.copyOf(labels, k),
                conditionSize, conditions == null ? null : Arrays.copyOf(conditions, k * conditionSize));
    }

    /** The images at {@code indices}, in that order, sharing no state with this set. */
    public LabelledImages select(int[] indices) {
        int d = shape.size();
        byte[] px = new byte[indices.length * d];
        int[] picked = new int[indices.length];
        float[] c = conditions == null ? null : new float[indices.length * conditionSize];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * d, px, i * d, d);
            picked[i] = labels[indices[i]];
            if (c != null) System.arraycopy(conditions, indices[i] * conditionSize, c, i * conditionSize, conditionSize);
        }
        return new LabelledImages(shape, classCount, px, picked, conditionSize, c);
    }

    /** Number of images per class, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[classCount];
        for (int label : labels) counts[label]++;
        return counts;
    }
}
