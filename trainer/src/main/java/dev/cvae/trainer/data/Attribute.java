package dev.cvae.trainer.data;

import java.util.List;

/**
 * One thing a model is conditioned on, and how it enters the conditioning vector c:
 * <ul>
 *   <li>categorical: one slot per value, one-hot;</li>
 *   <li>binary: one slot, 0 for {@code values[0]} and 1 for {@code values[1]} (absent / present);</li>
 *   <li>scalar: one slot holding a number; {@code min} and {@code max} are the range seen in training.</li>
 * </ul>
 */
public record Attribute(String name, Type type, List<String> values, double min, double max) {

    public enum Type {
        CATEGORICAL("categorical"), BINARY("binary"), SCALAR("scalar");

        private final String id;

        Type(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Type fromId(String id) {
            for (Type t : values()) if (t.id.equals(id)) return t;
            throw new IllegalArgumentException("'" + id + "' is not an attribute type; expected categorical, binary or scalar");
        }
    }

    public Attribute {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("an attribute needs a name");
        if (type == null) throw new IllegalArgumentException(name + ": type must be set");
        values = values == null ? List.of() : List.copyOf(values);
        switch (type) {
            case CATEGORICAL -> {
                if (values.size() < 2) throw new IllegalArgumentException(name + ": a categorical attribute needs at least 2 values, got " + values);
            }
            case BINARY -> {
                if (values.size() != 2) throw new IllegalArgumentException(name + ": a binary attribute has exactly 2 values, got " + values);
            }
            case SCALAR -> {
                if (!values.isEmpty()) throw new IllegalArgumentException(name + ": a scalar attribute has no value names");
                if (!(Double.isFinite(min) && Double.isFinite(max) && min <= max)) {
                    throw new IllegalArgumentException(name + ": scalar range [" + min + ", " + max + "] is not valid");
                }
            }
        }
        if (values.stream().distinct().count() != values.size()) throw new IllegalArgumentException(name + ": repeated values in " + values);
    }

    public static Attribute categorical(String name, List<String> values) {
        return new Attribute(name, Type.CATEGORICAL, values, 0, 0);
    }

    public static Attribute binary(String name, List<String> values) {
        return new Attribute(name, Type.BINARY, values, 0, 0);
    }

    public static Attribute scalar(String name, double min, double max) {
        return new Attribute(name, Type.SCALAR, List.of(), min, max);
    }

    /** Slots this attribute takes in c. */
    public int width() {
        return type == Type.CATEGORICAL ? values.size() : 1;
    }

    /** True for categorical and binary attributes: their values are classes a classifier can judge. */
    public boolean isClass() {
        return type != Type.SCALAR;
    }

    /**
     * Writes {@code value} into c at {@code offset}: a value index for categorical and binary attributes, the
     * number itself for scalar ones.
     */
    public void encode(double value, float[] c, int offset) {
        switch (type) {
            case CATEGORICAL -> c[offset + (int) value] = 1f;
            case BINARY -> c[offset] = (float) value;
            case SCALAR -> c[offset] = (float) value;
        }
    }
}
