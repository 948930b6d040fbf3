package dev.cvae.trainer.cli;

import dev.cvae.trainer.model.ArchitectureOptions;
import dev.cvae.trainer.model.CvaeArchitecture;
import java.util.List;
import picocli.CommandLine.Option;

/** The architecture options of {@code train}: the networks' kind and widths; the data fixes the image and condition sizes. */
public final class ArchitectureMixin {
    @Option(names = "--arch", defaultValue = "mlp", paramLabel = "mlp|conv",
            description = "mlp: dense layers on the flat image; conv: stride-2 convolutions down, transposed "
                    + "convolutions up (default: ${DEFAULT-VALUE}).")
    CvaeArchitecture.Kind kind;

    @Option(names = "--conv-channels", paramLabel = "N", split = ",", defaultValue = "32,64",
            description = "conv: channels of each stride-2 4x4 convolution; each halves the image, so the sides "
                    + "must divide by 2^count (default: ${DEFAULT-VALUE}).")
    List<Integer> convChannels;

    @Option(names = "--label-embedding", paramLabel = "N", defaultValue = "0",
            description = "Width of a learned embedding of the conditioning vector in each network; 0 feeds it as it is (default: ${DEFAULT-VALUE}).")
    int labelEmbedding;

    @Option(names = "--latent", paramLabel = "N", defaultValue = "8", description = "Latent dimensions (default: ${DEFAULT-VALUE}).")
    int latent;

    @Option(names = "--encoder-hidden", paramLabel = "N", split = ",", defaultValue = "512,256",
            description = "Encoder hidden widths (default: ${DEFAULT-VALUE}).")
    List<Integer> encoderHidden;

    @Option(names = "--decoder-hidden", paramLabel = "N", split = ",", defaultValue = "256,512",
            description = "Decoder hidden widths (default: ${DEFAULT-VALUE}).")
    List<Integer> decoderHidden;

    /** @throws IllegalArgumentException naming the option when a value is out of range */
    ArchitectureOptions toArchitectureOptions() {
        return new ArchitectureOptions(kind, kind == CvaeArchitecture.Kind.CONV ? convChannels : List.of(), encoderHidden,
                OptionChecks.atLeast("--latent", latent, 1), decoderHidden, OptionChecks.atLeast("--label-embedding", labelEmbedding, 0));
    }
}
