package dev.cvae.trainer.model;

import java.util.List;

/**
 * A fully connected layer {@code y = act(x W + b)} with weights {@code name_W} of shape [in, out] and, unless
 * {@code bias} is false, a bias {@code name_b} of shape [out]. Without bias and activation it is a learned
 * embedding of its input: of a one-hot vector it picks one row of W.
 */
public record DenseLayerSpec(String name, int in, int out, Activation activation, boolean bias) implements Layer {
    public DenseLayerSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name must be non-blank");
        if (in < 1) throw new IllegalArgumentException(name + ": in must be >= 1, got " + in);
        if (out < 1) throw new IllegalArgumentException(name + ": out must be >= 1, got " + out);
        if (activation == null) throw new IllegalArgumentException(name + ": activation must be set");
    }

    public DenseLayerSpec(String name, int in, int out, Activation activation) {
        this(name, in, out, activation, true);
    }

    @Override
    public int inSize() {
        return in;
    }

    @Override
    public int outSize() {
        return out;
    }

    @Override
    public List<ParamSpec> params() {
        ParamSpec w = new ParamSpec(weightName(), new long[] {in, out}, in);
        return bias ? List.of(w, new ParamSpec(biasName(), new long[] {out}, in)) : List.of(w);
    }
}
