package dev.cvae.trainer.train;

import dev.cvae.trainer.model.LearningRate;
import dev.cvae.trainer.model.LossSpec;
import java.util.Locale;

/**
 * How the CVAE is fitted.
 *
 * @param lrSchedule        constant, or linear: Adam's step size falls from {@code learningRate} to zero over all
 *                          {@code epochs}
 * @param loss              the objective, see {@link LossSpec} and {@link dev.cvae.trainer.model.CvaeGraph}
 * @param trainMetricsLimit the train split's loss is reported over at most this many images per epoch
 * @param patience          stop after this many epochs without a better held-out loss and export the best
 *                          epoch's weights; 0 trains every epoch and exports the last
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, LrSchedule lrSchedule, LossSpec loss,
                              long seed, int trainMetricsLimit, int patience) {

    /** How the step size changes over the run. */
    public enum LrSchedule {
        CONSTANT, LINEAR;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static LrSchedule fromId(String id) {
            for (LrSchedule s : values()) {
                if (s.id().equals(id)) return s;
            }
            throw new IllegalArgumentException("--lr-schedule must be constant or linear, got '" + id + "'");
        }
    }

    /** Options with a constant learning rate. */
    public TrainingOptions(int epochs, int batchSize, double learningRate, LossSpec loss, long seed,
                           int trainMetricsLimit, int patience) {
        this(epochs, batchSize, learningRate, LrSchedule.CONSTANT, loss, seed, trainMetricsLimit, patience);
    }

    public TrainingOptions {
        if (lrSchedule == null) throw new IllegalArgumentException("lrSchedule must be set");
        if (epochs < 1) throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        if (loss == null) throw new IllegalArgumentException("loss must be set");
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        if (trainMetricsLimit < 1) throw new IllegalArgumentException("trainMetricsLimit must be >= 1, got " + trainMetricsLimit);
    }

    /** The same options with another objective. */
    public TrainingOptions withLoss(LossSpec other) {
        return new TrainingOptions(epochs, batchSize, learningRate, lrSchedule, other, seed, trainMetricsLimit, patience);
    }

    /** Adam's step size for a run over {@code trainImages} images per epoch. */
    public LearningRate learningRateFor(int trainImages) {
        if (lrSchedule == LrSchedule.CONSTANT) return LearningRate.constant(learningRate);
        long stepsPerEpoch = (trainImages + (long) batchSize - 1) / batchSize;
        return LearningRate.linearDecay(learningRate, stepsPerEpoch * epochs);
    }
}
