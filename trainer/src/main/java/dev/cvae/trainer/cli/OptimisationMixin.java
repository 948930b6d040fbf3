package dev.cvae.trainer.cli;

import dev.cvae.trainer.model.LossSpec;
import dev.cvae.trainer.train.TrainingOptions;
import picocli.CommandLine.Option;

/** The optimisation options of {@code train}: epochs, batches, Adam's step size, early stopping and the run's seed. */
public final class OptimisationMixin {
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "40", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--lr-schedule", defaultValue = "constant", paramLabel = "constant|linear",
            description = "constant, or linear: the learning rate falls linearly to zero over --epochs (default: ${DEFAULT-VALUE}).")
    TrainingOptions.LrSchedule lrSchedule;

    @Option(names = "--patience", paramLabel = "N", defaultValue = "0",
            description = "Early stopping: stop after this many epochs without a better test loss and export the "
                    + "best epoch; 0 = off (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--train-metrics-limit", paramLabel = "N", defaultValue = "10000",
            description = "Train loss is reported over at most this many images (default: ${DEFAULT-VALUE}).")
    int trainMetricsLimit;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
            description = "Seed of the run: weights, order, noise and the classifiers all derive from it; the "
                    + "same seed repeats a run (default: ${DEFAULT-VALUE}).")
    long seed;

    /** @throws IllegalArgumentException naming the option when a value is out of range */
    TrainingOptions toTrainingOptions(LossSpec loss) {
        return new TrainingOptions(OptionChecks.atLeast("--epochs", epochs, 1), OptionChecks.atLeast("--batch-size", batchSize, 1),
                OptionChecks.positive("--lr", learningRate), lrSchedule, loss, seed,
                OptionChecks.atLeast("--train-metrics-limit", trainMetricsLimit, 1), OptionChecks.atLeast("--patience", patience, 0));
    }
}
