package dev.cvae.trainer.train;

import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.CvaeGraph;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Computes the reconstruction and KL terms of a data set in a separate forward pass (SameDiff's listeners do
 * not report the training loss). The same noise seed is used every time, so epochs compare fairly.
 */
final class LossEvaluator {
    private static final int BATCH = 500;

    record Losses(double rec, double kl) {
        double negElbo() {
            return rec + kl;
        }
    }

    private LossEvaluator() {
    }

    static Losses evaluate(CvaeGraph graph, LabelledImages data, long seed) {
        Random rng = new Random(seed);
        int latent = graph.architecture().latentDim();
        int[] order = ImageBatch.identityOrder(data.size());
        double rec = 0;
        double kl = 0;
        for (int from = 0; from < order.length; from += BATCH) {
            int to = Math.min(order.length, from + BATCH);
            ImageBatch batch = ImageBatch.of(data, order, from, to);
            Map<String, INDArray> out = graph.output(Map.of(
                    CvaeArchitecture.X, batch.pixels(),
                    CvaeArchitecture.C, batch.conditions(),
                    CvaeGraph.EPS, ImageBatch.gaussian(rng, to - from, latent)), CvaeGraph.REC, CvaeGraph.KL);
            rec += out.get(CvaeGraph.REC).getDouble(0) * (to - from);
            kl += out.get(CvaeGraph.KL).getDouble(0) * (to - from);
        }
        return new Losses(rec / data.size(), kl / data.size());
    }
}
