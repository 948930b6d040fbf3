package dev.cvae.trainer.classify;

import dev.cvae.trainer.data.Augmentation;
import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.data.ImageShape;
import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.model.Activation;
import dev.cvae.trainer.model.DenseLayerSpec;
import dev.cvae.trainer.model.FrozenNetwork;
import dev.cvae.trainer.model.HeadSpec;
import dev.cvae.trainer.model.NetworkSpec;
import dev.cvae.trainer.model.TensorSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A DL4J image classifier over flattened pixels in [0, 1]. Two shapes:
 * <ul>
 *   <li>{@link #lenet}: LeNet-style convolutions, the independent judge of whether generated samples obey
 *       their label;</li>
 *   <li>{@link #mlp}: one hidden layer, cheap to back-propagate through, frozen inside the CVAE graph for the
 *       auxiliary label loss ({@link #frozen()}).</li>
 * </ul>
 * Not thread-safe.
 */
public final class ImageClassifier {
    private static final String HIDDEN = "aux_0";
    private static final String OUT = "aux_out";

    private final MultiLayerNetwork net;
    private final ImageShape shape;
    private final int classCount;
    private final int mlpHidden; // 0 for LeNet

    private ImageClassifier(MultiLayerNetwork net, ImageShape shape, int classCount, int mlpHidden) {
        this.net = net;
        this.shape = shape;
        this.classCount = classCount;
        this.mlpHidden = mlpHidden;
        net.init();
    }

    /**
     * LeNet-style: conv 5x5x20 stride 2 - conv 5x5x50 stride 2 - dense 256 - softmax, "same" padding so that
     * any image size works. Strided convolutions replace LeNet's pooling: DL4J's CPU convolutions are slow,
     * and this is four times faster than the pooled form at the same accuracy on digits.
     */
    public static ImageClassifier lenet(ImageShape shape, int classCount, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).stride(2, 2).nOut(20)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new ConvolutionLayer.Builder(5, 5).stride(2, 2).nOut(50)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(256).activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classCount)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(shape.height(), shape.width(), shape.channels()))
                .build();
        return new ImageClassifier(new MultiLayerNetwork(conf), shape, classCount, 0);
    }

    /** pixels - dense {@code hidden} (ReLU) - softmax. */
    public static ImageClassifier mlp(ImageShape shape, int classCount, int hidden, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new DenseLayer.Builder().nIn(shape.size()).nOut(hidden)
                        .activation(org.nd4j.linalg.activations.Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(hidden).nOut(classCount)
                        .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                .build();
        return new ImageClassifier(new MultiLayerNetwork(conf), shape, classCount, hidden);
    }

    /** Trains on {@code data}; {@code onBatch} receives the number of images of each finished batch. */
    public void fit(LabelledImages data, int epochs, int batchSize, long seed, IntConsumer onBatch) {
        fit(data, epochs, batchSize, seed, Augmentation.NONE, 0, onBatch);
    }

    /**
     * As {@link #fit(LabelledImages, int, int, long, IntConsumer)}, on copies distorted by {@code augmentation}, anew per
     * batch, drawn from {@code distortionSeed}.
     */
    public void fit(LabelledImages data, int epochs, int batchSize, long seed, Augmentation augmentation, long distortionSeed,
                    IntConsumer onBatch) {
        checkShape(data);
        Random rng = new Random(seed);
        Random distortions = new Random(distortionSeed);
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = ImageBatch.shuffledOrder(data.size(), rng);
            for (int from = 0; from < order.length; from += batchSize) {
                int to = Math.min(order.length, from + batchSize);
                ImageBatch batch = ImageBatch.of(data, order, from, to);
                INDArray pixels = augmentation.applyToRows(batch.pixels(), shape, distortions);
                net.fit(new DataSet(pixels, ImageBatch.oneHot(batch.labels(), classCount)));
                onBatch.accept(to - from);
            }
        }
    }

    /** The most likely class of each row of {@code pixels} [N, C*H*W]. */
    public int[] predict(INDArray pixels) {
        return net.output(pixels, false).argMax(1).toIntVector();
    }

    /** Share of {@code data} classified correctly. */
    public double accuracy(LabelledImages data) {
        checkShape(data);
        int[] order = ImageBatch.identityOrder(data.size());
        int correct = 0;
        for (int from = 0; from < order.length; from += 1000) {
            int to = Math.min(order.length, from + 1000);
            ImageBatch batch = ImageBatch.of(data, order, from, to);
            int[] predicted = predict(batch.pixels());
            for (int i = 0; i < predicted.length; i++) if (predicted[i] == batch.labels()[i]) correct++;
        }
        return correct / (double) data.size();
    }

    public int classCount() {
        return classCount;
    }

    /** The MLP as a network definition with its weights, to be frozen inside another graph. */
    public FrozenNetwork frozen() {
        if (mlpHidden == 0) throw new IllegalStateException("only the MLP classifier can be frozen into a graph");
        NetworkSpec spec = NetworkSpec.of("aux_classifier",
                List.of(new TensorSpec("pixels", shape.size())),
                List.of(new DenseLayerSpec(HIDDEN, shape.size(), mlpHidden, Activation.RELU)),
                List.of(new HeadSpec(new TensorSpec("class_logits", classCount),
                        new DenseLayerSpec(OUT, mlpHidden, classCount, Activation.IDENTITY), Activation.IDENTITY)));
        Map<String, INDArray> weights = new LinkedHashMap<>();
        weights.put(HIDDEN + "_W", net.getParam("0_W").dup());
        weights.put(HIDDEN + "_b", net.getParam("0_b").reshape(mlpHidden).dup());
        weights.put(OUT + "_W", net.getParam("1_W").dup());
        weights.put(OUT + "_b", net.getParam("1_b").reshape(classCount).dup());
        return new FrozenNetwork(spec, weights);
    }

    private void checkShape(LabelledImages data) {
        if (data.shape().size() != shape.size() || data.classCount() != classCount) {
            throw new IllegalArgumentException("classifier expects " + shape + " images in " + classCount
                    + " classes, got " + data.shape() + " in " + data.classCount());
        }
    }
}
