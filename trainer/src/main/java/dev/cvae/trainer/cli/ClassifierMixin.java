package dev.cvae.trainer.cli;

import dev.cvae.trainer.classify.ClassifierOptions;
import dev.cvae.trainer.data.Augmentation;
import picocli.CommandLine.Option;

/** The classifier options of {@code train}: the auxiliary MLP of the label loss and the judge of label obedience. */
public final class ClassifierMixin {
    /** The strong judge's default distortions ({@code cvae-train judge train}). */
    static final Augmentation AUX_AUGMENTATION = new Augmentation(2, 10, 30, 4);

    @Option(names = "--classifier-epochs", paramLabel = "N", defaultValue = "3",
            description = "Epochs for the judge and auxiliary classifiers (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--aux-hidden", paramLabel = "N", defaultValue = "256",
            description = "Hidden width of the auxiliary MLP classifier (default: ${DEFAULT-VALUE}).")
    int auxHidden;

    @Option(names = "--aux-augment", description = "Train the auxiliary classifier on distorted copies of its images (shift 2 px, "
            + "rotation 10 degrees, elastic distortion 30/4, as the strong judge), drawn anew for every batch.")
    boolean auxAugment;

    @Option(names = "--samples-per-label", paramLabel = "N", defaultValue = "200",
            description = "Generated samples per label for the label-obedience check (default: ${DEFAULT-VALUE}).")
    int samplesPerLabel;

    /** @throws IllegalArgumentException naming the option when a value is out of range */
    ClassifierOptions toClassifierOptions() {
        return new ClassifierOptions(OptionChecks.atLeast("--classifier-epochs", epochs, 1), OptionChecks.atLeast("--aux-hidden", auxHidden, 1),
                OptionChecks.atLeast("--samples-per-label", samplesPerLabel, 1), auxAugment ? AUX_AUGMENTATION : Augmentation.NONE);
    }
}
