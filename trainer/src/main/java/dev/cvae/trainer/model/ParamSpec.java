package dev.cvae.trainer.model;

import java.util.Arrays;

/**
 * A trainable parameter: its name, its shape as SameDiff holds it, and the fan-in that bounds its uniform
 * initialisation at +-1/sqrt(fanIn) (PyTorch's default for linear and convolution layers).
 */
public record ParamSpec(String name, long[] shape, int fanIn) {
    public ParamSpec {
        shape = shape.clone();
        if (fanIn < 1) throw new IllegalArgumentException(name + ": fanIn must be >= 1, got " + fanIn);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long length() {
        return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSpec p && p.name.equals(name) && Arrays.equals(p.shape, shape) && p.fanIn == fanIn;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
