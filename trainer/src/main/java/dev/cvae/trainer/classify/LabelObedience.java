package dev.cvae.trainer.classify;

import dev.cvae.trainer.data.Conditioning;
import dev.cvae.trainer.data.ImageBatch;
import org.nd4j.linalg.factory.Nd4j;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How often generated samples show the class they were asked for: for each label (value of the primary
 * attribute), decode {@code samplesPerLabel} prior samples z ~ N(0, I) under that label, other attributes drawn
 * at random, and let an independent classifier judge the decoded images (pixel means, as the server returns
 * them).
 *
 * @param perLabel share of samples assigned to the requested label, indexed by label
 * @param overall  mean of {@code perLabel}
 */
public record LabelObedience(double[] perLabel, double overall, int samplesPerLabel) {

    /**
     * @param decoder (z [N, latent], c [N, K]) -> pixel probabilities [N, C*H*W]
     */
    public static LabelObedience measure(BinaryOperator<INDArray> decoder, ImageClassifier judge, Conditioning conditioning,
                                         int latentDim, int samplesPerLabel, long seed) {
        if (samplesPerLabel < 1) throw new IllegalArgumentException("samplesPerLabel must be >= 1, got " + samplesPerLabel);
        Random rng = new Random(seed);
        int k = judge.classCount();
        double[] perLabel = new double[k];
        for (int label = 0; label < k; label++) {
            INDArray z = ImageBatch.gaussian(rng, samplesPerLabel, latentDim);
            float[] c = conditioning.withLabel(label, rng, samplesPerLabel).c();
            INDArray images = decoder.apply(z, Nd4j.create(c, new long[] {samplesPerLabel, conditioning.size()}, 'c'));
            int hits = 0;
            for (int predicted : judge.predict(images)) if (predicted == label) hits++;
            perLabel[label] = hits / (double) samplesPerLabel;
        }
        return new LabelObedience(perLabel, Arrays.stream(perLabel).average().orElse(0), samplesPerLabel);
    }

    /** The label with the lowest share. */
    public int worstLabel() {
        int worst = 0;
        for (int i = 1; i < perLabel.length; i++) if (perLabel[i] < perLabel[worst]) worst = i;
        return worst;
    }
}
