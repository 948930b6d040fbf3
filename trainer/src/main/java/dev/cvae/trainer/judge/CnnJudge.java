package dev.cvae.trainer.judge;

import dev.cvae.trainer.data.ImageShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The strong judge: a DL4J convolutional classifier ({@link CnnArchitecture}) over flattened images in [0, 1].
 * It is trained by {@link JudgeTrainer} on augmented training images only and saved in DL4J's model format
 * without its updater state; nothing in the CVAE's training reads it. Not thread-safe.
 */
public final class CnnJudge implements Judge {
    private static final int PREDICT_BATCH = 500;

    private final MultiLayerNetwork net;
    private final ImageShape shape;
    private final int classCount;

    private CnnJudge(MultiLayerNetwork net, ImageShape shape, int classCount) {
        this.net = net;
        this.shape = shape;
        this.classCount = classCount;
    }

    /** A freshly initialised network with weights drawn from {@code seed}, trained with Adam at {@code learningRate}. */
    public static CnnJudge create(CnnArchitecture arch, ImageShape shape, int classCount, double learningRate, long seed) {
        if (classCount < 2) throw new IllegalArgumentException("classCount must be >= 2, got " + classCount);
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.RELU)
                .list();
        for (int channels : arch.channels()) {
            for (int i = 0; i < arch.convsPerBlock(); i++) {
                layers.layer(new ConvolutionLayer.Builder(3, 3).nOut(channels).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.IDENTITY).build());
                layers.layer(new BatchNormalization.Builder().build());
                layers.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
            }
            layers.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                    .convolutionMode(ConvolutionMode.Truncate).build());
        }
        double retain = 1 - arch.dropout();
        DenseLayer.Builder dense = new DenseLayer.Builder().nOut(arch.dense()).activation(Activation.RELU);
        OutputLayer.Builder out = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classCount)
                .activation(Activation.SOFTMAX);
        if (arch.dropout() > 0) {
            dense.dropOut(new Dropout(retain)); // DL4J's dropout is the probability of keeping a unit
            out.dropOut(new Dropout(retain));
        }
        MultiLayerNetwork net = new MultiLayerNetwork(layers.layer(dense.build()).layer(out.build())
                .setInputType(InputType.convolutionalFlat(shape.height(), shape.width(), shape.channels()))
                .build());
        net.init();
        return new CnnJudge(net, shape, classCount);
    }

    /** Reads a judge written by {@link #save}; {@code shape} and {@code classCount} come from its card. */
    public static CnnJudge load(Path file, ImageShape shape, int classCount) {
        try {
            return checked(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false), shape, classCount, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read judge " + file, e);
        }
    }

    /** Writes the weights and configuration (not the optimiser state) to {@code file}. */
    public void save(Path file) {
        try {
            ModelSerializer.writeModel(net, file.toFile(), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write judge " + file, e);
        }
    }

    /** Weights, configuration and Adam's state, for a checkpoint from which training continues. */
    byte[] trainingState() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, out, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A judge from {@link #trainingState()}, ready to continue training where it stopped. */
    static CnnJudge fromTrainingState(byte[] state, ImageShape shape, int classCount) {
        try {
            return checked(ModelSerializer.restoreMultiLayerNetwork(new java.io.ByteArrayInputStream(state), true), shape,
                    classCount, "the checkpoint");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the judge's checkpoint", e);
        }
    }

    private static CnnJudge checked(MultiLayerNetwork net, ImageShape shape, int classCount, String source) {
        long outputs = net.getOutputLayer().getParam("b").length();
        if (outputs != classCount) {
            throw new IllegalArgumentException(source + " classifies into " + outputs + " classes, expected " + classCount);
        }
        return new CnnJudge(net, shape, classCount);
    }

    /** One optimiser step on images [N, C*H*W] and one-hot labels [N, classCount]. */
    public void fit(INDArray pixels, INDArray oneHotLabels) {
        net.fit(new DataSet(pixels, oneHotLabels));
    }

    /** Mean cross-entropy of the last {@link #fit} batch, as DL4J computed it with dropout on. */
    public double lastBatchLoss() {
        return net.score();
    }

    public void setLearningRate(double learningRate) {
        net.setLearningRate(learningRate);
    }

    /** Weights and batch-norm statistics as one flat copy, to put back with {@link #restoreParameters}. */
    public INDArray parameters() {
        return net.params().dup();
    }

    public void restoreParameters(INDArray parameters) {
        net.setParams(parameters);
    }

    public long parameterCount() {
        return net.numParams();
    }

    public ImageShape shape() {
        return shape;
    }

    public int classCount() {
        return classCount;
    }

    @Override
    public String name() {
        return "cnn";
    }

    @Override
    public int[] classify(INDArray pixels) {
        return probabilities(pixels).argMax(1).toIntVector();
    }

    /** Each row's class probabilities [N, classCount] for images [N, C*H*W] in [0, 1]. */
    INDArray probabilities(INDArray pixels) {
        if (pixels.rank() != 2 || pixels.size(1) != shape.size()) {
            throw new IllegalArgumentException("pixels must be [N, " + shape.size() + "] for " + shape + " images, got "
                    + java.util.Arrays.toString(pixels.shape()));
        }
        int n = (int) pixels.size(0);
        INDArray out = Nd4j.create(pixels.dataType(), n, classCount);
        for (int from = 0; from < n; from += PREDICT_BATCH) {
            int to = Math.min(n, from + PREDICT_BATCH);
            INDArray rows = pixels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            out.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).assign(net.output(rows, false));
        }
        return out;
    }
}
