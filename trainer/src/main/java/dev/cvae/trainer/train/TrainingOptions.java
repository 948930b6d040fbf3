package dev.cvae.trainer.train;

import dev.cvae.trainer.model.LossSpec;

/**
 * How the CVAE is fitted.
 *
 * @param loss              the objective, see {@link LossSpec} and {@link dev.cvae.trainer.model.CvaeGraph}
 * @param trainMetricsLimit the train split's loss is reported over at most this many images per epoch
 * @param patience          stop after this many epochs without a better held-out loss and export the best
 *                          epoch's weights; 0 trains every epoch and exports the last
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, LossSpec loss, long seed,
                              int trainMetricsLimit, int patience) {
    public TrainingOptions {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        if (loss == null) throw new IllegalArgumentException("loss must be set");
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        if (trainMetricsLimit < 1) throw new IllegalArgumentException("trainMetricsLimit must be >= 1, got " + trainMetricsLimit);
    }

    /** The same options with another objective. */
    public TrainingOptions withLoss(LossSpec other) {
        return new TrainingOptions(epochs, batchSize, learningRate, other, seed, trainMetricsLimit, patience);
    }
}
