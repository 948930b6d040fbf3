package dev.cvae.trainer.model;

import java.util.Locale;

/**
 * What the CVAE minimises: a reconstruction term, a KL term with weight beta (optionally warmed up linearly
 * and with free bits), and the auxiliary label loss.
 *
 * @param reconstruction Bernoulli (BCE over pixels) or Gaussian (squared error scaled by {@code gaussianSigma})
 * @param gaussianSigma  fixed standard deviation of the Gaussian likelihood, in pixel units
 * @param klWeight       beta, the KL weight once warm-up is over (1 = the plain ELBO)
 * @param klWarmupEpochs the KL weight rises linearly from 0 to beta over this many epochs (0: no warm-up),
 *                       the usual remedy for posterior collapse
 * @param freeBits       nats per latent dimension that the KL term does not penalise (0: off)
 * @param auxWeight      weight of the auxiliary label loss (0: off)
 */
public record LossSpec(Reconstruction reconstruction, double gaussianSigma, double klWeight, int klWarmupEpochs,
                       double freeBits, double auxWeight) {

    /** The likelihood p(x | z, c) of a pixel. */
    public enum Reconstruction {
        BERNOULLI, GAUSSIAN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public LossSpec {
        if (reconstruction == null) throw new IllegalArgumentException("reconstruction must be set");
        if (!(gaussianSigma > 0)) throw new IllegalArgumentException("gaussianSigma must be > 0, got " + gaussianSigma);
        if (!(klWeight >= 0)) throw new IllegalArgumentException("klWeight must be >= 0, got " + klWeight);
        if (klWarmupEpochs < 0) throw new IllegalArgumentException("klWarmupEpochs must be >= 0, got " + klWarmupEpochs);
        if (!(freeBits >= 0)) throw new IllegalArgumentException("freeBits must be >= 0, got " + freeBits);
        if (!(auxWeight >= 0)) throw new IllegalArgumentException("auxWeight must be >= 0, got " + auxWeight);
    }

    /** The plain negative ELBO with Bernoulli pixels and the auxiliary loss at {@code auxWeight}. */
    public static LossSpec bernoulli(double auxWeight) {
        return new LossSpec(Reconstruction.BERNOULLI, 0.1, 1.0, 0, 0.0, auxWeight);
    }

    /** The same objective with another auxiliary-loss weight. */
    public LossSpec withAuxWeight(double weight) {
        return new LossSpec(reconstruction, gaussianSigma, klWeight, klWarmupEpochs, freeBits, weight);
    }

    /**
     * The KL weight after {@code epochs} epochs of training (fractions count): beta once warm-up is over, and
     * rising linearly from 0 before.
     */
    public double klWeightAt(double epochs) {
        if (klWarmupEpochs == 0) return klWeight;
        return klWeight * Math.min(1.0, epochs / klWarmupEpochs);
    }
}
