package dev.cvae.trainer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The definition of one exported network (encoder or decoder): its inputs are concatenated along the feature
 * axis, pass through a trunk of dense layers, and feed one or more heads. The SameDiff graph
 * ({@link SameDiffNetwork}) and the ONNX export are both built from this definition, so a change of widths or
 * depth needs no change elsewhere.
 */
public record NetworkSpec(String name, List<TensorSpec> inputs, List<DenseLayerSpec> trunk, List<HeadSpec> heads) {
    public NetworkSpec {
        inputs = List.copyOf(inputs);
        trunk = List.copyOf(trunk);
        heads = List.copyOf(heads);
        if (inputs.isEmpty()) throw new IllegalArgumentException(name + ": needs at least one input");
        if (heads.isEmpty()) throw new IllegalArgumentException(name + ": needs at least one head");
        int width = inputs.stream().mapToInt(TensorSpec::size).sum();
        for (DenseLayerSpec layer : trunk) {
            if (layer.in() != width) {
                throw new IllegalArgumentException(layer.name() + ": in " + layer.in() + " but the previous width is " + width);
            }
            width = layer.out();
        }
        for (HeadSpec head : heads) {
            if (head.layer().in() != width) {
                throw new IllegalArgumentException(head.layer().name() + ": in " + head.layer().in()
                        + " but the trunk ends at width " + width);
            }
        }
    }

    /** Every dense layer, trunk first, then the heads' layers. */
    public List<DenseLayerSpec> layers() {
        List<DenseLayerSpec> all = new ArrayList<>(trunk);
        heads.forEach(h -> all.add(h.layer()));
        return all;
    }

    /** Names of the outputs, in head order. */
    public List<TensorSpec> outputs() {
        return heads.stream().map(HeadSpec::output).toList();
    }
}
