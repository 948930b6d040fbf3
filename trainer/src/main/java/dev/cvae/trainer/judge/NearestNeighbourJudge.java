package dev.cvae.trainer.judge;

import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.data.LabelledImages;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The second judge, of another family than the CNN: k nearest neighbours in pixel space (Euclidean distance)
 * among the training images, by majority vote; a tie goes to the tied class whose member is nearest. It has no
 * weights to train and no file: it is fitted from the training split when an evaluation starts. Distances come
 * from one matrix product per chunk of queries, {@code |t|^2 - 2 x.t} (the query's own norm does not change the
 * order). Not thread-safe.
 */
public final class NearestNeighbourJudge implements Judge {
    private static final int CHUNK = 256;

    private final INDArray train;   // [N, D]
    private final float[] trainNorms;
    private final int[] labels;
    private final int classCount;
    private final int k;

    private NearestNeighbourJudge(INDArray train, float[] trainNorms, int[] labels, int classCount, int k) {
        this.train = train;
        this.trainNorms = trainNorms;
        this.labels = labels;
        this.classCount = classCount;
        this.k = k;
    }

    /** Remembers every image of {@code train}; {@code k} neighbours vote. */
    public static NearestNeighbourJudge fit(LabelledImages train, int k) {
        if (k < 1 || k > train.size()) {
            throw new IllegalArgumentException("k must be in 1.." + train.size() + " (the training images), got " + k);
        }
        ImageBatch all = ImageBatch.of(train, ImageBatch.identityOrder(train.size()), 0, train.size());
        INDArray pixels = all.pixels();
        float[] norms = pixels.mul(pixels).sum(1).toFloatVector();
        return new NearestNeighbourJudge(pixels, norms, all.labels(), train.classCount(), k);
    }

    @Override
    public String name() {
        return "knn-" + k;
    }

    public int k() {
        return k;
    }

    @Override
    public int[] classify(INDArray pixels) {
        if (pixels.rank() != 2 || pixels.size(1) != train.size(1)) {
            throw new IllegalArgumentException("pixels must be [N, " + train.size(1) + "], got "
                    + java.util.Arrays.toString(pixels.shape()));
        }
        int n = (int) pixels.size(0);
        int[] classes = new int[n];
        INDArray trainT = train.transpose();
        for (int from = 0; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            INDArray queries = pixels.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).castTo(DataType.FLOAT);
            INDArray dots = Nd4j.create(DataType.FLOAT, new long[] {to - from, train.size(0)}, 'c');
            queries.mmul(trainT, dots);
            float[] d = dots.data().asFloat();
            for (int i = 0; i < to - from; i++) classes[from + i] = vote(d, i * trainNorms.length);
        }
        return classes;
    }

    /** The majority class among the k nearest training images of the query whose dot products start at {@code base}. */
    private int vote(float[] dots, int base) {
        int m = trainNorms.length;
        int[] nearest = new int[k];
        float[] distance = new float[k];
        java.util.Arrays.fill(distance, Float.POSITIVE_INFINITY);
        for (int j = 0; j < m; j++) {
            float dist = trainNorms[j] - 2 * dots[base + j];
            if (dist >= distance[k - 1]) continue;
            int pos = k - 1;
            while (pos > 0 && distance[pos - 1] > dist) {
                distance[pos] = distance[pos - 1];
                nearest[pos] = nearest[pos - 1];
                pos--;
            }
            distance[pos] = dist;
            nearest[pos] = j;
        }
        int[] votes = new int[classCount];
        int best = labels[nearest[0]];
        for (int i = 0; i < k; i++) votes[labels[nearest[i]]]++;
        // nearest first: a later class only wins with strictly more votes
        for (int i = 0; i < k; i++) if (votes[labels[nearest[i]]] > votes[best]) best = labels[nearest[i]];
        return best;
    }
}
