package dev.cvae.trainer.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A trained network's definition and weights, used inside another graph without being trained further. */
public record FrozenNetwork(NetworkSpec spec, Map<String, INDArray> weights) {
    public FrozenNetwork {
        if (spec == null || weights == null) throw new IllegalArgumentException("spec and weights must be set");
        weights = Map.copyOf(weights);
    }
}
