package dev.cvae.trainer.train;

/**
 * Tracks the best validation loss over epochs and says when to stop: after {@code patience} epochs in a row
 * without a new best. Patience 0 never stops. Not thread-safe; one per training run.
 */
final class EarlyStopping {
    private final int patience;
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch = -1;
    private int sinceBest;

    EarlyStopping(int patience) {
        if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        this.patience = patience;
    }

    /** The bookkeeping of a resumed run. */
    EarlyStopping(int patience, int bestEpoch, double bestLoss, int sinceBest) {
        this(patience);
        this.bestEpoch = bestEpoch;
        this.bestLoss = bestLoss;
        this.sinceBest = sinceBest;
    }

    int sinceBest() {
        return sinceBest;
    }

    /** Records an epoch's validation loss; true when it is a new best. */
    boolean record(int epoch, double loss) {
        if (loss < bestLoss) {
            bestLoss = loss;
            bestEpoch = epoch;
            sinceBest = 0;
            return true;
        }
        sinceBest++;
        return false;
    }

    boolean shouldStop() {
        return patience > 0 && sinceBest >= patience;
    }

    int bestEpoch() {
        return bestEpoch;
    }

    double bestLoss() {
        return bestLoss;
    }
}
