package dev.cvae.trainer.train;

/**
 * Losses after one epoch, in nats per image. Epoch 0 is the untrained model.
 *
 * @param trainRec    reconstruction term (BCE summed over pixels) on the train split
 * @param trainKl     KL term on the train split
 * @param testNegElbo negative ELBO (reconstruction + KL) on the held-out test split
 * @param seconds     wall-clock seconds of the epoch's training steps
 */
public record EpochMetrics(int epoch, double trainRec, double trainKl, double testRec, double testKl,
                           double testNegElbo, double seconds) {
}
