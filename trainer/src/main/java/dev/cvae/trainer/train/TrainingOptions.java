package dev.cvae.trainer.train;

/**
 * How the CVAE is fitted.
 *
 * @param klWeight  beta, the weight of the KL term (1 = the plain ELBO)
 * @param auxWeight weight of the auxiliary label loss (0 = off), see {@link dev.cvae.trainer.model.CvaeGraph}
 * @param trainMetricsLimit the train split's loss is reported over at most this many images per epoch
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, double klWeight, double auxWeight,
                              long seed, int trainMetricsLimit) {
    public TrainingOptions {
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        if (!(klWeight >= 0)) throw new IllegalArgumentException("klWeight must be >= 0, got " + klWeight);
        if (!(auxWeight >= 0)) throw new IllegalArgumentException("auxWeight must be >= 0, got " + auxWeight);
        if (trainMetricsLimit < 1) throw new IllegalArgumentException("trainMetricsLimit must be >= 1, got " + trainMetricsLimit);
    }
}
