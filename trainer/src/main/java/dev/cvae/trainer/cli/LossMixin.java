package dev.cvae.trainer.cli;

import dev.cvae.trainer.model.LossSpec;
import picocli.CommandLine.Option;

/** The loss options of {@code train}: the likelihood, the KL term and the auxiliary label loss. */
public final class LossMixin {
    @Option(names = "--recon", defaultValue = "bernoulli", paramLabel = "bernoulli|gaussian",
            description = "Reconstruction likelihood: bernoulli (BCE) or gaussian (squared error, --gaussian-sigma) (default: ${DEFAULT-VALUE}).")
    LossSpec.Reconstruction reconstruction;

    @Option(names = "--gaussian-sigma", paramLabel = "SIGMA", defaultValue = "0.1",
            description = "Standard deviation of the Gaussian likelihood, in pixel units (default: ${DEFAULT-VALUE}).")
    double gaussianSigma;

    @Option(names = "--kl-weight", paramLabel = "BETA", defaultValue = "1", description = "Weight (beta) of the KL term (default: ${DEFAULT-VALUE}).")
    double klWeight;

    @Option(names = "--kl-warmup-epochs", paramLabel = "N", defaultValue = "0",
            description = "Raise the KL weight linearly from 0 over this many epochs; 0 = no warm-up (default: ${DEFAULT-VALUE}).")
    int klWarmupEpochs;

    @Option(names = "--free-bits", paramLabel = "NATS", defaultValue = "0",
            description = "Nats per latent dimension the KL term does not penalise; 0 = off (default: ${DEFAULT-VALUE}).")
    double freeBits;

    @Option(names = "--aux-weight", paramLabel = "WEIGHT", defaultValue = "3",
            description = "Weight of the auxiliary label loss that keeps samples true to their label; 0 turns it off (default: ${DEFAULT-VALUE}).")
    double auxWeight;

    /** @throws IllegalArgumentException naming the option when a value is out of range */
    LossSpec toLossSpec() {
        return new LossSpec(reconstruction, OptionChecks.positive("--gaussian-sigma", gaussianSigma),
                OptionChecks.nonNegative("--kl-weight", klWeight), OptionChecks.atLeast("--kl-warmup-epochs", klWarmupEpochs, 0),
                OptionChecks.nonNegative("--free-bits", freeBits), OptionChecks.nonNegative("--aux-weight", auxWeight));
    }
}
