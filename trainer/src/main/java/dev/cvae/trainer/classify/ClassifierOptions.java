package dev.cvae.trainer.classify;

/**
 * The two classifiers a run fits besides the CVAE.
 *
 * @param epochs          epochs for each of them
 * @param auxHidden       hidden width of the auxiliary MLP whose frozen copy drives the label loss
 * @param samplesPerLabel prior samples per label that the judge scores in the label-obedience check
 */
public record ClassifierOptions(int epochs, int auxHidden, int samplesPerLabel) {
    public ClassifierOptions {
        if (epochs < 1) throw new IllegalArgumentException("classifier epochs must be >= 1, got " + epochs);
        if (auxHidden < 1) throw new IllegalArgumentException("auxHidden must be >= 1, got " + auxHidden);
        if (samplesPerLabel < 1) throw new IllegalArgumentException("samplesPerLabel must be >= 1, got " + samplesPerLabel);
    }
}
