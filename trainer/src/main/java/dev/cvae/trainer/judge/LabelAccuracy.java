package dev.cvae.trainer.judge;

import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.data.LabelledImages;
import java.util.Arrays;

/**
 * How many images of each label a judge classified correctly: on real test images this is the judge's
 * ceiling, on generated samples it is the model's obedience. Immutable.
 *
 * @param correct images of each label assigned to that label
 * @param total   images of each label
 */
public record LabelAccuracy(int[] correct, int[] total) {
    private static final int BATCH = 1000;

    public LabelAccuracy {
        if (correct.length != total.length) {
            throw new IllegalArgumentException("correct has " + correct.length + " labels, total " + total.length);
        }
        for (int i = 0; i < total.length; i++) {
            if (correct[i] < 0 || correct[i] > total[i]) {
                throw new IllegalArgumentException("label " + i + ": correct " + correct[i] + " must be in 0.." + total[i]);
            }
        }
        correct = correct.clone();
        total = total.clone();
    }

    /** The judge's accuracy on every image of {@code data}, per label. */
    public static LabelAccuracy of(Judge judge, LabelledImages data) {
        int[] correct = new int[data.classCount()];
        int[] total = data.classCounts();
        int[] order = ImageBatch.identityOrder(data.size());
        for (int from = 0; from < order.length; from += BATCH) {
            int to = Math.min(order.length, from + BATCH);
            ImageBatch batch = ImageBatch.of(data, order, from, to);
            int[] predicted = judge.classify(batch.pixels());
            for (int i = 0; i < predicted.length; i++) if (predicted[i] == batch.labels()[i]) correct[batch.labels()[i]]++;
        }
        return new LabelAccuracy(correct, total);
    }

    public int labelCount() {
        return total.length;
    }

    /** Share correct of label {@code label}; NaN when there are no images of it. */
    public double of(int label) {
        return total[label] == 0 ? Double.NaN : correct[label] / (double) total[label];
    }

    /** Share correct over all images. */
    public double overall() {
        int all = Arrays.stream(total).sum();
        return all == 0 ? Double.NaN : Arrays.stream(correct).sum() / (double) all;
    }

    @Override
    public int[] correct() {
        return correct.clone();
    }

    @Override
    public int[] total() {
        return total.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelAccuracy other && Arrays.equals(correct, other.correct) && Arrays.equals(total, other.total);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(correct) + Arrays.hashCode(total);
    }

    @Override
    public String toString() {
        return "LabelAccuracy" + Arrays.toString(correct) + "/" + Arrays.toString(total);
    }
}
