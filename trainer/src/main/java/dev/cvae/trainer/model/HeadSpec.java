package dev.cvae.trainer.model;

/**
 * An output of a network: a dense layer on top of the trunk, whose pre-activation (logits) feeds the loss and
 * whose {@code outputActivation} gives the exported output {@code output}.
 */
public record HeadSpec(TensorSpec output, DenseLayerSpec layer, Activation outputActivation) {
    public HeadSpec {
        if (output == null || layer == null || outputActivation == null) {
            throw new IllegalArgumentException("output, layer and outputActivation must be set");
        }
        if (layer.activation() != Activation.IDENTITY) {
            throw new IllegalArgumentException(layer.name() + ": a head's layer is linear; use outputActivation");
        }
        if (layer.out() != output.size()) {
            throw new IllegalArgumentException(layer.name() + ": out " + layer.out() + " differs from output "
                    + output.name() + " size " + output.size());
        }
    }
}
