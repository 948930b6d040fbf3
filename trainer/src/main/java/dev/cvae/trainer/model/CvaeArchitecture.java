package dev.cvae.trainer.model;

import dev.cvae.trainer.data.ImageShape;
import java.util.ArrayList;
import java.util.List;

/**
 * The MLP conditional VAE: encoder concat(x, c) -> hidden layers (ReLU) -> mu, logvar; decoder
 * concat(z, c) -> hidden layers (ReLU) -> pixel logits -> sigmoid. Names of inputs and outputs are the
 * model-directory contract that the server relies on.
 */
public record CvaeArchitecture(ImageShape imageShape, int conditionSize, List<Integer> encoderHidden, int latentDim,
                               List<Integer> decoderHidden) {

    public static final String X = "x";
    public static final String C = "c";
    public static final String Z = "z";
    public static final String MU = "mu";
    public static final String LOGVAR = "logvar";
    public static final String X_HAT = "x_hat";

    public CvaeArchitecture {
        if (imageShape == null) throw new IllegalArgumentException("imageShape must be set");
        if (conditionSize < 1) throw new IllegalArgumentException("conditionSize must be >= 1, got " + conditionSize);
        if (latentDim < 1) throw new IllegalArgumentException("latentDim must be >= 1, got " + latentDim);
        encoderHidden = List.copyOf(encoderHidden);
        decoderHidden = List.copyOf(decoderHidden);
        for (int w : encoderHidden) if (w < 1) throw new IllegalArgumentException("encoder width must be >= 1, got " + w);
        for (int w : decoderHidden) if (w < 1) throw new IllegalArgumentException("decoder width must be >= 1, got " + w);
    }

    public int pixelCount() {
        return imageShape.size();
    }

    /** q(z | x, c): inputs x [N, C*H*W] and c [N, K]; outputs mu and logvar [N, latent]. */
    public NetworkSpec encoder() {
        List<TensorSpec> inputs = List.of(new TensorSpec(X, pixelCount()), new TensorSpec(C, conditionSize));
        List<DenseLayerSpec> trunk = trunk("enc", pixelCount() + conditionSize, encoderHidden);
        int width = trunk.isEmpty() ? pixelCount() + conditionSize : trunk.get(trunk.size() - 1).out();
        return new NetworkSpec("encoder", inputs, trunk, List.of(
                linearHead(MU, "enc_mu", width, latentDim, Activation.IDENTITY),
                linearHead(LOGVAR, "enc_logvar", width, latentDim, Activation.IDENTITY)));
    }

    /** p(x | z, c): inputs z [N, latent] and c [N, K]; output x_hat [N, C*H*W], Bernoulli probabilities. */
    public NetworkSpec decoder() {
        List<TensorSpec> inputs = List.of(new TensorSpec(Z, latentDim), new TensorSpec(C, conditionSize));
        List<DenseLayerSpec> trunk = trunk("dec", latentDim + conditionSize, decoderHidden);
        int width = trunk.isEmpty() ? latentDim + conditionSize : trunk.get(trunk.size() - 1).out();
        return new NetworkSpec("decoder", inputs, trunk, List.of(
                linearHead(X_HAT, "dec_out", width, pixelCount(), Activation.SIGMOID)));
    }

    private static List<DenseLayerSpec> trunk(String prefix, int inputWidth, List<Integer> widths) {
        List<DenseLayerSpec> layers = new ArrayList<>();
        int in = inputWidth;
        for (int i = 0; i < widths.size(); i++) {
            layers.add(new DenseLayerSpec(prefix + "_" + i, in, widths.get(i), Activation.RELU));
            in = widths.get(i);
        }
        return layers;
    }

    private static HeadSpec linearHead(String output, String layer, int in, int out, Activation outputActivation) {
        return new HeadSpec(new TensorSpec(output, out), new DenseLayerSpec(layer, in, out, Activation.IDENTITY),
                outputActivation);
    }
}
