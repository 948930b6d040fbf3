package dev.cvae.trainer.data;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A mini-batch taken from {@link LabelledImages}: pixels [N, C*H*W] in [0, 1], the conditioning vectors [N, K]
 * and the (primary) labels.
 */
public record ImageBatch(INDArray pixels, INDArray conditions, int[] labels) {

    /** The images at {@code order[from..to)}. */
    public static ImageBatch of(LabelledImages data, int[] order, int from, int to) {
        int n = to - from;
        int d = data.shape().size();
        float[] x = new float[n * d];
        int k = data.conditionSize();
        float[] c = new float[n * k];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            data.copyPixels(order[from + i], x, i * d);
            data.copyCondition(order[from + i], c, i * k);
            labels[i] = data.label(order[from + i]);
        }
        return new ImageBatch(Nd4j.create(x, new long[] {n, d}, 'c'), Nd4j.create(c, new long[] {n, k}, 'c'), labels);
    }

    /** One-hot rows [N, classCount] for the given labels. */
    public static INDArray oneHot(int[] labels, int classCount) {
        float[] values = new float[labels.length * classCount];
        for (int i = 0; i < labels.length; i++) {
            values[i * classCount + labels[i]] = 1f;
        }
        return Nd4j.create(values, new long[] {labels.length, classCount}, 'c');
    }

    /** Standard normal values of shape [rows, cols] from {@code rng}. */
    public static INDArray gaussian(Random rng, int rows, int cols) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) values[i] = (float) rng.nextGaussian();
        return Nd4j.create(values, new long[] {rows, cols}, 'c');
    }

    /** 0..n-1 in an order drawn from {@code rng} (Fisher-Yates). */
    public static int[] shuffledOrder(int n, Random rng) {
        int[] order = identityOrder(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** 0..n-1 in order. */
    public static int[] identityOrder(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        return order;
    }
}
