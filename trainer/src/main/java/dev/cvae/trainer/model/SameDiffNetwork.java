package dev.cvae.trainer.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
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
     * Adds trainable parameters, initialised like PyTorch's {@code nn.Linear} and {@code nn.Conv2d}: weights and
     * biases uniform in +-1/sqrt(fan_in), drawn from {@code rng} in {@link NetworkSpec#params()} order so that a
     * seed makes a run repeatable.
     */
    public static SameDiffNetwork trainable(SameDiff sd, NetworkSpec spec, Random rng) {
        Map<String, SDVariable> params = new LinkedHashMap<>();
        for (ParamSpec p : spec.params()) {
            params.put(p.name(), sd.var(p.name(), uniform(rng, 1.0 / Math.sqrt(p.fanIn()), p.shape())));
        }
        return new SameDiffNetwork(spec, sd, params);
    }

    /** Adds the given weights as constants: the network takes part in the graph but is not trained. */
    public static SameDiffNetwork frozen(SameDiff sd, NetworkSpec spec, Map<String, INDArray> weights) {
        Map<String, SDVariable> params = new LinkedHashMap<>();
        for (ParamSpec p : spec.params()) {
            INDArray value = weights.get(p.name());
            if (value == null) throw new IllegalArgumentException(spec.name() + ": no weights for " + p.name());
            params.put(p.name(), sd.constant(p.name(), value.dup()));
        }
        return new SameDiffNetwork(spec, sd, params);
    }

    /** The network whose parameters already exist in {@code sd} (a loaded graph), found by their names. */
    public static SameDiffNetwork attach(SameDiff sd, NetworkSpec spec) {
        Map<String, SDVariable> params = new LinkedHashMap<>();
        for (ParamSpec p : spec.params()) {
            SDVariable v = sd.getVariable(p.name());
            if (v == null) throw new IllegalArgumentException(spec.name() + ": the graph has no variable " + p.name());
            params.put(p.name(), v);
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
        if (inputs.size() != spec.inputSpecs().size()) {
            throw new IllegalArgumentException(spec.name() + " takes " + spec.inputSpecs().size() + " inputs, got " + inputs.size());
        }
        List<SDVariable> features = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) features.add(applyAll(spec.inputSpecs().get(i).stem(), inputs.get(i)));
        SDVariable h = features.size() == 1 ? features.get(0) : sd.concat(1, features.toArray(SDVariable[]::new));
        h = applyAll(spec.trunk(), h);
        Map<String, SDVariable> logits = new LinkedHashMap<>();
        Map<String, SDVariable> outputs = new LinkedHashMap<>();
        for (HeadSpec head : spec.heads()) {
            SDVariable pre = applyAll(head.layers(), h);
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

    private SDVariable applyAll(List<Layer> layers, SDVariable in) {
        SDVariable h = in;
        for (Layer layer : layers) h = activate(apply(layer, h), layer.activation());
        return h;
    }

    /** The layer's linear part; its activation is applied by the caller. */
    private SDVariable apply(Layer layer, SDVariable in) {
        if (layer instanceof DenseLayerSpec d) {
            SDVariable product = in.mmul(params.get(d.weightName()));
            return d.bias() ? product.add(params.get(d.biasName())) : product;
        }
        if (layer instanceof ConvLayerSpec c && c.transposed()) {
            return sd.cnn.deconv2d(in, params.get(c.weightName()), params.get(c.biasName()),
                    DeConv2DConfig.builder().kH(c.kernel()).kW(c.kernel()).sH(c.stride()).sW(c.stride())
                            .pH(c.padding()).pW(c.padding()).dH(1).dW(1).isSameMode(false).dataFormat("NCHW").build());
        }
        if (layer instanceof ConvLayerSpec c) {
            return sd.cnn.conv2d(in, params.get(c.weightName()), params.get(c.biasName()),
                    Conv2DConfig.builder().kH(c.kernel()).kW(c.kernel()).sH(c.stride()).sW(c.stride())
                            .pH(c.padding()).pW(c.padding()).dH(1).dW(1).paddingMode(PaddingMode.VALID)
                            .dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build());
        }
        return sd.reshape(in, ((ReshapeSpec) layer).targetShape());
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
