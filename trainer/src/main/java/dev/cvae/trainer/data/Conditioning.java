package dev.cvae.trainer.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What a model is conditioned on: attributes whose encodings are concatenated, in order, into the
 * conditioning vector c. The first categorical or binary attribute is the primary one: its values are the
 * model's labels, which the auxiliary loss, the label-obedience check and the report's per-label grids use.
 */
public record Conditioning(List<Attribute> attributes) {

    public Conditioning {
        attributes = List.copyOf(attributes);
        if (attributes.isEmpty()) throw new IllegalArgumentException("conditioning needs at least one attribute");
        if (attributes.stream().map(Attribute::name).distinct().count() != attributes.size()) {
            throw new IllegalArgumentException("attribute names repeat: " + attributes.stream().map(Attribute::name).toList());
        }
    }

    /** Class labels: one categorical attribute named {@code name}. */
    public static Conditioning oneHot(String name, List<String> labels) {
        return new Conditioning(List.of(Attribute.categorical(name, labels)));
    }

    /** Length of c. */
    public int size() {
        return attributes.stream().mapToInt(Attribute::width).sum();
    }

    /** "one-hot", "binary" or "scalar" for one attribute of that type; "multi-attribute" for several. */
    public String kind() {
        if (attributes.size() > 1) return "multi-attribute";
        return switch (attributes.get(0).type()) {
            case CATEGORICAL -> "one-hot";
            case BINARY -> "binary";
            case SCALAR -> "scalar";
        };
    }

    /** Index of the primary (first categorical or binary) attribute, or -1 when every attribute is scalar. */
    public int primary() {
        for (int i = 0; i < attributes.size(); i++) if (attributes.get(i).isClass()) return i;
        return -1;
    }

    /** The primary attribute's value names (the labels), or an empty list. */
    public List<String> labelNames() {
        int p = primary();
        return p < 0 ? List.of() : attributes.get(p).values();
    }

    /** Classes of the primary attribute; 0 when there is none. */
    public int classCount() {
        return labelNames().size();
    }

    /** c for per-attribute values (value index, or the number for scalars). */
    public float[] encode(double[] values) {
        if (values.length != attributes.size()) {
            throw new IllegalArgumentException(values.length + " values for " + attributes.size() + " attributes");
        }
        float[] c = new float[size()];
        int offset = 0;
        for (int i = 0; i < values.length; i++) {
            attributes.get(i).encode(values[i], c, offset);
            offset += attributes.get(i).width();
        }
        return c;
    }

    /** Conditioning vectors [n * size] and their primary labels. */
    public record Rows(float[] c, int[] labels) {
    }

    /**
     * {@code n} conditions drawn uniformly: each class attribute's value with {@code rng.nextInt}, each scalar
     * uniform over its range, attribute after attribute. For one categorical attribute this is exactly one
     * {@code nextInt(K)} per row.
     */
    public Rows sample(Random rng, int n) {
        int k = size();
        float[] c = new float[n * k];
        int[] labels = new int[n];
        for (int row = 0; row < n; row++) {
            double[] values = draw(rng, -1, 0);
            System.arraycopy(encode(values), 0, c, row * k, k);
            labels[row] = primary() < 0 ? 0 : (int) values[primary()];
        }
        return new Rows(c, labels);
    }

    /**
     * {@code n} conditions whose primary attribute is {@code label}; the other attributes are drawn from
     * {@code rng} as in {@link #sample}. With a single attribute nothing is drawn.
     */
    public Rows withLabel(int label, Random rng, int n) {
        int k = size();
        float[] c = new float[n * k];
        int[] labels = new int[n];
        for (int row = 0; row < n; row++) {
            System.arraycopy(encode(draw(rng, primary(), label)), 0, c, row * k, k);
            labels[row] = label;
        }
        return new Rows(c, labels);
    }

    private double[] draw(Random rng, int fixed, double fixedValue) {
        double[] values = new double[attributes.size()];
        for (int i = 0; i < values.length; i++) {
            Attribute a = attributes.get(i);
            if (i == fixed) {
                values[i] = fixedValue;
            } else if (a.isClass()) {
                values[i] = rng.nextInt(a.type() == Attribute.Type.BINARY ? 2 : a.values().size());
            } else {
                values[i] = a.min() + rng.nextDouble() * (a.max() - a.min());
            }
        }
        return values;
    }

    /**
     * One condition per row of the report's grids: each value of the primary attribute, or without one, the
     * first scalar attribute at {@code steps} evenly spaced values over its range. Other attributes stay at a
     * reference value: their first value, or the middle of their range.
     */
    public List<float[]> gridRows(int steps) {
        int p = primary();
        int varying = p >= 0 ? p : 0;
        Attribute a = attributes.get(varying);
        int count = a.isClass() ? (a.type() == Attribute.Type.BINARY ? 2 : a.values().size()) : steps;
        List<float[]> rows = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            double[] values = new double[attributes.size()];
            for (int i = 0; i < values.length; i++) {
                Attribute other = attributes.get(i);
                values[i] = other.isClass() ? 0 : (other.min() + other.max()) / 2;
            }
            values[varying] = a.isClass() ? r : a.min() + (a.max() - a.min()) * r / Math.max(1, steps - 1);
            rows.add(encode(values));
        }
        return rows;
    }

    /**
     * A readable name of c for figure captions: "digit=3, thickness=thick, age=0.50". Inverse of
     * {@link #encode} for vectors it made.
     */
    public String describe(float[] c) {
        List<String> parts = new ArrayList<>();
        int offset = 0;
        for (Attribute a : attributes) {
            String value = switch (a.type()) {
                case CATEGORICAL -> {
                    int best = 0;
                    for (int j = 1; j < a.width(); j++) if (c[offset + j] > c[offset + best]) best = j;
                    yield a.values().get(best);
                }
                case BINARY -> a.values().get(c[offset] >= 0.5f ? 1 : 0);
                case SCALAR -> String.format(java.util.Locale.ROOT, "%.2f", c[offset]);
            };
            parts.add(attributes.size() == 1 ? value : a.name() + "=" + value);
            offset += a.width();
        }
        return String.join(", ", parts);
    }
}
