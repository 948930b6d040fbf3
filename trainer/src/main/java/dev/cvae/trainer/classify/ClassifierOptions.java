package dev.cvae.trainer.classify;

import dev.cvae.trainer.data.Augmentation;

/**
 * The two classifiers a run fits besides the CVAE.
 *
 * @param epochs          epochs for each of them
 * @param auxHidden       hidden width of the auxiliary MLP whose frozen copy drives the label loss
 * @param samplesPerLabel prior samples per label that the judge scores in the label-obedience check
 * @param auxAugmentation distortions of the auxiliary MLP's training images, drawn anew for every batch, so that
 *                        the decoder cannot please it with strokes a distorted digit would not have
 */
public record ClassifierOptions(int epochs, int auxHidden, int samplesPerLabel, Augmentation auxAugmentation) {
    public ClassifierOptions(int epochs, int auxHidden, int samplesPerLabel) {
        this(epochs, auxHidden, samplesPerLabel, Augmentation.NONE);
    }

    public ClassifierOptions {
        if (auxAugmentation == null) throw new IllegalArgumentException("auxAugmentation must not be null; use Augmentation.NONE");
        if (epochs < 1) throw new IllegalArgumentException("classifier epochs must be >= 1, got " + epochs);
        if (auxHidden < 1) throw new IllegalArgumentException("auxHidden must be >= 1, got " + auxHidden);
        if (samplesPerLabel < 1) throw new IllegalArgumentException("samplesPerLabel must be >= 1, got " + samplesPerLabel);
    }
}
