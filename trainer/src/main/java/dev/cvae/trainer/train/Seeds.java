package dev.cvae.trainer.train;

/**
 * Every seed of a training run, derived from the run's one seed ({@code --seed}) by purpose. The same run seed
 * repeats a run exactly; each purpose that needs a random stream of its own gets one.
 *
 * <p>The derivations are part of the model format's reproducibility promise: the bundled models are rebuilt
 * byte for byte by their documented commands only while these numbers stay as they are. Add a purpose with a
 * new offset; never change an existing one.
 *
 * @param run the run's seed, as given on the command line and recorded in model.json
 */
public record Seeds(long run) {

    /** The seeded share held out for validation when the data has no test split. */
    public long dataSplit() {
        return run;
    }

    /** The CVAE's initial weights. */
    public long weights() {
        return run;
    }

    /** The CVAE's training stream: batch order, the reparameterisation noise and the auxiliary loss's prior samples. */
    public long training() {
        return run;
    }

    /** The noise of the per-epoch loss evaluation: the same every epoch, so that epochs compare fairly. */
    public long evaluation() {
        return run ^ 0x5DEECE66DL;
    }

    /** The judge of label obedience: its weights and its batch order. */
    public long judge() {
        return run + 1;
    }

    /** The auxiliary classifier of the label loss: its weights and its batch order. */
    public long auxiliaryClassifier() {
        return run + 2;
    }

    /** The distortions of the auxiliary classifier's training images ({@code --aux-augment}), drawn anew per batch. */
    public long auxiliaryDistortions() {
        return auxiliaryClassifier() ^ 0x5DEECE66DL;
    }

    /** The prior samples (and other attributes) of the label-obedience check. */
    public long labelObedience() {
        return run + 3;
    }

    /** The latent vectors of the report's sample grids. */
    public long report() {
        return run + 4;
    }
}
