package dev.cvae.trainer.model;

import java.util.List;

/**
 * Moves between flat activations [N, size] and feature maps [N, C, H, W]: {@code toMap} unflattens a vector
 * into {@code map}; otherwise a feature map of that shape is flattened. No parameters.
 */
public record ReshapeSpec(String name, FeatureMap map, boolean toMap) implements Layer {
    public ReshapeSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name must be non-blank");
        if (map == null) throw new IllegalArgumentException(name + ": map must be set");
    }

    public static ReshapeSpec unflatten(String name, FeatureMap map) {
        return new ReshapeSpec(name, map, true);
    }

    public static ReshapeSpec flatten(String name, FeatureMap map) {
        return new ReshapeSpec(name, map, false);
    }

    /** The target shape with -1 for the batch dimension. */
    public long[] targetShape() {
        return toMap ? new long[] {-1, map.channels(), map.height(), map.width()} : new long[] {-1, map.size()};
    }

    @Override
    public int inSize() {
        return map.size();
    }

    @Override
    public int outSize() {
        return map.size();
    }

    @Override
    public Activation activation() {
        return Activation.IDENTITY;
    }

    @Override
    public List<ParamSpec> params() {
        return List.of();
    }
}
