package dev.cvae.trainer.model;

/**
 * A fully connected layer {@code y = act(x W + b)} with weights {@code name_W} of shape [in, out] and bias
 * {@code name_b} of shape [out].
 */
public record DenseLayerSpec(String name, int in, int out, Activation activation) {
    public DenseLayerSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name must be non-blank");
        if (in < 1) throw new IllegalArgumentException(name + ": in must be >= 1, got " + in);
        if (out < 1) throw new IllegalArgumentException(name + ": out must be >= 1, got " + out);
        if (activation == null) throw new IllegalArgumentException(name + ": activation must be set");
    }

    public String weightName() {
        return name + "_W";
    }

    public String biasName() {
        return name + "_b";
    }
}
