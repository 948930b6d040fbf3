package dev.cvae.trainer.model;

import java.util.List;

/**
 * A network input [N, size] and the layers applied to it alone before it is joined to the other inputs: the
 * convolutional stack for the image, a learned embedding for the conditioning vector, or nothing.
 */
public record InputSpec(TensorSpec tensor, List<Layer> stem) {
    public InputSpec {
        if (tensor == null) throw new IllegalArgumentException("tensor must be set");
        stem = List.copyOf(stem);
    }

    public static InputSpec plain(TensorSpec tensor) {
        return new InputSpec(tensor, List.of());
    }

    /** Width this input contributes to the concatenation. */
    public int featureWidth() {
        return stem.isEmpty() ? tensor.size() : stem.get(stem.size() - 1).outSize();
    }
}
