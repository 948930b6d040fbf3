package dev.cvae.trainer.model;

/** A named network input or output of shape [N, size], N being the dynamic batch dimension. */
public record TensorSpec(String name, int size) {
    public TensorSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name must be non-blank");
        if (size < 1) throw new IllegalArgumentException(name + ": size must be >= 1, got " + size);
    }
}
