package dev.cvae.trainer.judge;

import dev.cvae.trainer.data.Augmentation;

/**
 * How the strong judge is trained.
 *
 * @param architecture    the network's blocks and widths
 * @param epochs          passes over the training images
 * @param batchSize       images per optimiser step
 * @param learningRate    Adam's step size at the start; it falls linearly to zero over the run
 * @param validationShare share of the training split held out to choose the epoch whose weights are kept;
 *                        0 keeps the last epoch's
 * @param augmentation    distortions applied to every training image, drawn anew each epoch
 * @param seed            decides the weights, the validation split, the order and the distortions
 */
public record JudgeTrainingOptions(CnnArchitecture architecture, int epochs, int batchSize, double learningRate,
                                   double validationShare, Augmentation augmentation, long seed) {
    public JudgeTrainingOptions {
        if (architecture == null) throw new IllegalArgumentException("architecture is required");
        if (augmentation == null) throw new IllegalArgumentException("augmentation is required");
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        if (!(validationShare >= 0 && validationShare < 1)) {
            throw new IllegalArgumentException("validationShare must be in [0, 1), got " + validationShare);
        }
    }
}
