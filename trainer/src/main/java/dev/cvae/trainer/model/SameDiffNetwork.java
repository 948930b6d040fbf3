package dev.cvae.trainer.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The parameters of one {@link NetworkSpec} inside a SameDiff graph, and the ops that apply it. A network
 * can be applied several times (the decoder runs on posterior and on prior samples) with shared weights.
 *
 * <p>Not thread-safe: like its SameDiff instance, it belongs to one training run.
 */
public final class SameDiffNetwork {
    private final NetworkSpec spec;
    private final SameDiff sd;
    private final Map<String, SDVariable> params;

    private SameDiffNetwork(NetworkSpec spec, SameDiff sd, Map<String, SDVariable> params) {
        this.spec = spec;
        this.sd = sd;
        this.params = params;
    }

    /**
     * Adds trainable parameters, initialised like PyTorch's {@code nn.Linear}: weights and biases uniform in
     * +-1/sqrt(fan_in), drawn from {@code rng} so that a seed makes a run repeatable.
     */
    public static SameDiffNetwork trainable(SameDiff sd, NetworkSpec spec, Random rng) {
        Map<String, SDVariable> params = new LinkedHashMap<>();
        for (DenseLayerSpec layer : spec.layers()) {
            double bound = 1.0 / Math.sqrt(layer.in());
            params.put(layer.weightName(), sd.var(layer.weightName(), uniform(rng, bound, layer.in(), layer.out())));
            params.put(layer.biasName(), sd.var(layer.biasName(), uniform(rng, bound, layer.out())));
        }
        return new SameDiffNetwork(spec, sd, params);
    }

    /** Adds the given weights as constants: the network takes part in the graph but is not trained. */
    public static SameDiffNetwork frozen(SameDiff sd, NetworkSpec spec, Map<String, INDArray> weights) {
        Map<String, SDVariable> params = new LinkedHashMap<>();
        for (DenseLayerSpec layer : spec.layers()) {
            for (String name : List.of(layer.weightName(), layer.biasName())) {
                INDArray value = weights.get(name);
                if (value == null) throw new IllegalArgumentException(spec.name() + ": no weights for " + name);
                params.put(name, sd.constant(name, value.dup()));
            }
        }
        return new SameDiffNetwork(spec, sd, params);
    }

    /** The network whose parameters already exist in {@code sd} (a loaded graph), found by their names. */
    public static SameDiffNetwork attach(SameDiff sd, NetworkSpec spec) {
        Map<String, SDVariable> params = new LinkedHashMap<>();
        for (DenseLayerSpec layer : spec.layers()) {
            for (String name : List.of(layer.weightName(), layer.biasName())) {
                SDVariable v = sd.getVariable(name);
                if (v == null) throw new IllegalArgumentException(spec.name() + ": the graph has no variable " + name);
                params.put(name, v);
            }
        }
        return new SameDiffNetwork(spec, sd, params);
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** Pre-activations (logits) and outputs of each head, keyed by the head's output name. */
    public record Applied(Map<String, SDVariable> logits, Map<String, SDVariable> outputs) {
    }

    /** Applies the network to {@code inputs}, given in the order of {@link NetworkSpec#inputs()}. */
    public Applied apply(List<SDVariable> inputs) {
        if (inputs.size() != spec.inputs().size()) {
            throw new IllegalArgumentException(spec.name() + " takes " + spec.inputs().size() + " inputs, got " + inputs.size());
        }
        SDVariable h = inputs.size() == 1 ? inputs.get(0) : sd.concat(1, inputs.toArray(SDVariable[]::new));
        for (DenseLayerSpec layer : spec.trunk()) {
            h = activate(dense(layer, h), layer.activation());
        }
        Map<String, SDVariable> logits = new LinkedHashMap<>();
        Map<String, SDVariable> outputs = new LinkedHashMap<>();
        for (HeadSpec head : spec.heads()) {
            SDVariable pre = dense(head.layer(), h);
            logits.put(head.output().name(), pre);
            outputs.put(head.output().name(), activate(pre, head.outputActivation()));
        }
        return new Applied(logits, outputs);
    }

    /** The current parameter values, keyed by parameter name (copies). */
    public Map<String, INDArray> weights() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        params.forEach((name, v) -> out.put(name, v.getArr().dup()));
        return out;
    }

    /** Sets every parameter to the given values (copies of earlier {@link #weights()}). */
    public void restore(Map<String, INDArray> values) {
        params.forEach((name, v) -> {
            INDArray value = values.get(name);
            if (value == null) throw new IllegalArgumentException(spec.name() + ": no value for " + name);
            v.getArr().assign(value);
        });
    }

    /** The variables holding this network's parameters. */
    public List<SDVariable> parameters() {
        return new ArrayList<>(params.values());
    }

    private SDVariable dense(DenseLayerSpec layer, SDVariable in) {
        return in.mmul(params.get(layer.weightName())).add(params.get(layer.biasName()));
    }

    private SDVariable activate(SDVariable v, Activation activation) {
        return switch (activation) {
            case IDENTITY -> v;
            case RELU -> sd.nn.relu(v, 0.0);
            case SIGMOID -> sd.nn.sigmoid(v);
        };
    }

    private static INDArray uniform(Random rng, double bound, long... shape) {
        long n = 1;
        for (long s : shape) n *= s;
        float[] values = new float[Math.toIntExact(n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return Nd4j.create(values, shape, 'c');
    }
}
