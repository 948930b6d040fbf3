package dev.cvae.trainer.train;

/** Told after each epoch, once its checkpoint is written. */
@FunctionalInterface
public interface EpochObserver {
    EpochObserver NONE = metrics -> { };

    void epochDone(EpochMetrics metrics);
}
