package dev.cvae.trainer.model;

import java.util.List;

/**
 * An output of a network: layers on top of the trunk (one dense layer for the MLP; dense, unflatten, transposed
 * convolutions and flatten for the convolutional decoder) whose linear result (logits) feeds the loss and whose
 * {@code outputActivation} gives the exported output {@code output}.
 */
public record HeadSpec(TensorSpec output, List<Layer> layers, Activation outputActivation) {
    public HeadSpec {
        if (output == null || layers == null || outputActivation == null) {
            throw new IllegalArgumentException("output, layers and outputActivation must be set");
        }
        layers = List.copyOf(layers);
        if (layers.isEmpty()) throw new IllegalArgumentException(output.name() + ": a head needs at least one layer");
        Layer last = layers.stream().filter(l -> !(l instanceof ReshapeSpec)).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalArgumentException(output.name() + ": a head needs a layer with weights"));
        if (last.activation() != Activation.IDENTITY) {
            throw new IllegalArgumentException(last.name() + ": a head's last layer is linear; use outputActivation");
        }
        int end = layers.get(layers.size() - 1).outSize();
        if (end != output.size()) {
            throw new IllegalArgumentException(layers.get(layers.size() - 1).name() + ": out " + end + " differs from output "
                    + output.name() + " size " + output.size());
        }
    }

    /** A head of one linear dense layer. */
    public HeadSpec(TensorSpec output, DenseLayerSpec layer, Activation outputActivation) {
        this(output, List.of(layer), outputActivation);
    }
}
