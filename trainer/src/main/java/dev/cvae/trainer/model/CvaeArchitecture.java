package dev.cvae.trainer.model;

import dev.cvae.trainer.data.ImageShape;
import java.util.ArrayList;
import java.util.List;

/**
 * The conditional VAE's two networks. Names of inputs and outputs are the model-directory contract that the
 * server relies on; whatever the kind, x and x_hat travel flattened as [N, C*H*W].
 *
 * <ul>
 *   <li>{@link Kind#MLP}: encoder concat(x, c) -> hidden layers (ReLU) -> mu, logvar; decoder concat(z, c) ->
 *       hidden layers (ReLU) -> pixel logits -> sigmoid.</li>
 *   <li>{@link Kind#CONV}: the encoder views x as [C, H, W] and halves it once per entry of
 *       {@code convChannels} (4x4 convolutions, stride 2, ReLU), flattens it and joins c, then the hidden
 *       layers and the heads. The decoder joins z and c, runs its hidden layers, projects to the smallest
 *       feature map and doubles it back with 4x4 transposed convolutions (stride 2), the last one to the image's
 *       channels.</li>
 * </ul>
 * With {@code conditionEmbedding > 0} each network first maps c through its own learned linear embedding of
 * that width (no bias: for a one-hot c it picks one learned vector per class).
 */
public record CvaeArchitecture(Kind kind, ImageShape imageShape, int conditionSize, int conditionEmbedding,
                               List<Integer> convChannels, List<Integer> encoderHidden, int latentDim,
                               List<Integer> decoderHidden) {

    public static final String X = "x";
    public static final String C = "c";
    public static final String Z = "z";
    public static final String MU = "mu";
    public static final String LOGVAR = "logvar";
    public static final String X_HAT = "x_hat";

    public static final int KERNEL = 4;
    static final int STRIDE = 2;
    static final int PADDING = 1;

    /** How the networks see images. */
    public enum Kind {
        MLP("mlp"), CONV("conv");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        /** The name used on the command line and in model.json. */
        public String id() {
            return id;
        }

        public static Kind fromId(String id) {
            for (Kind k : values()) if (k.id.equals(id)) return k;
            throw new IllegalArgumentException("'" + id + "' is not an architecture; expected mlp or conv");
        }
    }

    public CvaeArchitecture {
        if (kind == null) throw new IllegalArgumentException("kind must be set");
        if (imageShape == null) throw new IllegalArgumentException("imageShape must be set");
        if (conditionSize < 1) throw new IllegalArgumentException("conditionSize must be >= 1, got " + conditionSize);
        if (conditionEmbedding < 0) throw new IllegalArgumentException("conditionEmbedding must be >= 0, got " + conditionEmbedding);
        if (latentDim < 1) throw new IllegalArgumentException("latentDim must be >= 1, got " + latentDim);
        convChannels = List.copyOf(convChannels);
        encoderHidden = List.copyOf(encoderHidden);
        decoderHidden = List.copyOf(decoderHidden);
        for (int w : encoderHidden) if (w < 1) throw new IllegalArgumentException("encoder width must be >= 1, got " + w);
        for (int w : decoderHidden) if (w < 1) throw new IllegalArgumentException("decoder width must be >= 1, got " + w);
        for (int w : convChannels) if (w < 1) throw new IllegalArgumentException("conv channels must be >= 1, got " + w);
        if (kind == Kind.CONV) {
            if (convChannels.isEmpty()) throw new IllegalArgumentException("a conv architecture needs at least one conv layer");
            int factor = 1 << convChannels.size();
            if (imageShape.height() % factor != 0 || imageShape.width() % factor != 0) {
                throw new IllegalArgumentException(convChannels.size() + " stride-2 conv layers need image sides divisible by "
                        + factor + ", got " + imageShape.height() + "x" + imageShape.width());
            }
        } else if (!convChannels.isEmpty()) {
            throw new IllegalArgumentException("conv channels " + convChannels + " given for an mlp architecture");
        }
    }

    /** The MLP without a label embedding. */
    public CvaeArchitecture(ImageShape imageShape, int conditionSize, List<Integer> encoderHidden, int latentDim,
                            List<Integer> decoderHidden) {
        this(Kind.MLP, imageShape, conditionSize, 0, List.of(), encoderHidden, latentDim, decoderHidden);
    }

    public int pixelCount() {
        return imageShape.size();
    }

    /** q(z | x, c): inputs x [N, C*H*W] and c [N, K]; outputs mu and logvar [N, latent]. */
    public NetworkSpec encoder() {
        InputSpec x = new InputSpec(new TensorSpec(X, pixelCount()), kind == Kind.CONV ? downsampling() : List.of());
        InputSpec c = condition("enc");
        List<Layer> trunk = trunk("enc", x.featureWidth() + c.featureWidth(), encoderHidden);
        int width = trunk.isEmpty() ? x.featureWidth() + c.featureWidth() : trunk.get(trunk.size() - 1).outSize();
        return new NetworkSpec("encoder", List.of(x, c), trunk, List.of(
                linearHead(MU, "enc_mu", width, latentDim, Activation.IDENTITY),
                linearHead(LOGVAR, "enc_logvar", width, latentDim, Activation.IDENTITY)));
    }

    /** p(x | z, c): inputs z [N, latent] and c [N, K]; output x_hat [N, C*H*W], pixel means in [0, 1]. */
    public NetworkSpec decoder() {
        InputSpec z = InputSpec.plain(new TensorSpec(Z, latentDim));
        InputSpec c = condition("dec");
        List<Layer> trunk = trunk("dec", z.featureWidth() + c.featureWidth(), decoderHidden);
        int width = trunk.isEmpty() ? z.featureWidth() + c.featureWidth() : trunk.get(trunk.size() - 1).outSize();
        HeadSpec out = kind == Kind.CONV
                ? new HeadSpec(new TensorSpec(X_HAT, pixelCount()), upsampling(width), Activation.SIGMOID)
                : linearHead(X_HAT, "dec_out", width, pixelCount(), Activation.SIGMOID);
        return new NetworkSpec("decoder", List.of(z, c), trunk, List.of(out));
    }

    private InputSpec condition(String prefix) {
        TensorSpec c = new TensorSpec(C, conditionSize);
        if (conditionEmbedding == 0) return InputSpec.plain(c);
        return new InputSpec(c, List.of(new DenseLayerSpec(prefix + "_embed", conditionSize, conditionEmbedding,
                Activation.IDENTITY, false)));
    }

    private FeatureMap imageMap() {
        return new FeatureMap(imageShape.channels(), imageShape.height(), imageShape.width());
    }

    /** Image -> feature map -> strided convolutions -> flat features. */
    private List<Layer> downsampling() {
        List<Layer> layers = new ArrayList<>();
        FeatureMap map = imageMap();
        layers.add(ReshapeSpec.unflatten("enc_image", map));
        for (int i = 0; i < convChannels.size(); i++) {
            ConvLayerSpec conv = new ConvLayerSpec("enc_conv_" + i, false, map, convChannels.get(i), KERNEL, STRIDE, PADDING,
                    Activation.RELU);
            layers.add(conv);
            map = conv.output();
        }
        layers.add(ReshapeSpec.flatten("enc_features", map));
        return layers;
    }

    /** Flat features -> the smallest feature map -> transposed convolutions -> flat pixel logits. */
    private List<Layer> upsampling(int width) {
        int steps = convChannels.size();
        FeatureMap map = new FeatureMap(convChannels.get(steps - 1), imageShape.height() >> steps, imageShape.width() >> steps);
        List<Layer> layers = new ArrayList<>();
        layers.add(new DenseLayerSpec("dec_project", width, map.size(), Activation.RELU));
        layers.add(ReshapeSpec.unflatten("dec_map", map));
        for (int i = steps - 2; i >= 0; i--) {
            ConvLayerSpec deconv = new ConvLayerSpec("dec_deconv_" + i, true, map, convChannels.get(i), KERNEL, STRIDE, PADDING,
                    Activation.RELU);
            layers.add(deconv);
            map = deconv.output();
        }
        ConvLayerSpec last = new ConvLayerSpec("dec_deconv_out", true, map, imageShape.channels(), KERNEL, STRIDE, PADDING,
                Activation.IDENTITY);
        layers.add(last);
        layers.add(ReshapeSpec.flatten("dec_pixels", last.output()));
        return layers;
    }

    private static List<Layer> trunk(String prefix, int inputWidth, List<Integer> widths) {
        List<Layer> layers = new ArrayList<>();
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
