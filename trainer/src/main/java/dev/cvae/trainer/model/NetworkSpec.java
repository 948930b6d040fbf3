package dev.cvae.trainer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The definition of one exported network (encoder or decoder): each input passes through its own stem (maybe
 * empty), the results are concatenated along the feature axis, pass through a trunk, and feed one or more
 * heads. The SameDiff graph ({@link SameDiffNetwork}) and the ONNX export are both built from this
 * definition, so a change of widths, depth or layer kinds needs no change elsewhere.
 */
public record NetworkSpec(String name, List<InputSpec> inputSpecs, List<Layer> trunk, List<HeadSpec> heads) {
    public NetworkSpec {
        inputSpecs = List.copyOf(inputSpecs);
        trunk = List.copyOf(trunk);
        heads = List.copyOf(heads);
        if (inputSpecs.isEmpty()) throw new IllegalArgumentException(name + ": needs at least one input");
        if (heads.isEmpty()) throw new IllegalArgumentException(name + ": needs at least one head");
        int width = 0;
        for (InputSpec input : inputSpecs) {
            checkChain(input.stem(), input.tensor().size());
            width += input.featureWidth();
        }
        width = checkChain(trunk, width);
        for (HeadSpec head : heads) checkChain(head.layers(), width);
    }

    /** A network whose inputs are joined as they are. */
    public static NetworkSpec of(String name, List<TensorSpec> inputs, List<? extends Layer> trunk, List<HeadSpec> heads) {
        return new NetworkSpec(name, inputs.stream().map(InputSpec::plain).toList(), List.copyOf(trunk), heads);
    }

    /** Checks that each layer takes what the previous one gives (size, and feature-map shape inside a stack). */
    private static int checkChain(List<Layer> layers, int width) {
        FeatureMap map = null;
        for (Layer layer : layers) {
            if (layer.inSize() != width) {
                throw new IllegalArgumentException(layer.name() + ": in " + layer.inSize() + " but the previous width is " + width);
            }
            if (layer instanceof ConvLayerSpec conv) {
                if (!conv.input().equals(map)) {
                    throw new IllegalArgumentException(layer.name() + ": takes " + conv.input() + " but gets "
                            + (map == null ? "a flat vector" : map));
                }
                map = conv.output();
            } else if (layer instanceof ReshapeSpec reshape) {
                if (!reshape.toMap() && !reshape.map().equals(map)) {
                    throw new IllegalArgumentException(layer.name() + ": flattens " + reshape.map() + " but gets "
                            + (map == null ? "a flat vector" : map));
                }
                map = reshape.toMap() ? reshape.map() : null;
            } else if (map != null) {
                throw new IllegalArgumentException(layer.name() + ": a dense layer needs a flat input; flatten " + map + " first");
            }
            width = layer.outSize();
        }
        if (map != null) throw new IllegalArgumentException("a stack of layers ends on feature map " + map + "; flatten it");
        return width;
    }

    /** The input tensors, in order. */
    public List<TensorSpec> inputs() {
        return inputSpecs.stream().map(InputSpec::tensor).toList();
    }

    /** Every layer: stems in input order, then the trunk, then the heads' layers. */
    public List<Layer> layers() {
        List<Layer> all = new ArrayList<>();
        inputSpecs.forEach(i -> all.addAll(i.stem()));
        all.addAll(trunk);
        heads.forEach(h -> all.addAll(h.layers()));
        return all;
    }

    /** Every trainable parameter, in initialisation order. */
    public List<ParamSpec> params() {
        return layers().stream().flatMap(l -> l.params().stream()).toList();
    }

    /** Names of the outputs, in head order. */
    public List<TensorSpec> outputs() {
        return heads.stream().map(HeadSpec::output).toList();
    }
}
