package dev.cvae.trainer.model;

import dev.cvae.trainer.data.ImageShape;
import java.util.List;

/**
 * The architecture as the user chooses it, before the data fixes the image shape and the conditioning size.
 *
 * @param convChannels     channels of each stride-2 convolution (conv only; empty for mlp)
 * @param labelEmbedding   width of the learned embedding of c; 0 feeds c as it is
 */
public record ArchitectureOptions(CvaeArchitecture.Kind kind, List<Integer> convChannels, List<Integer> encoderHidden,
                                  int latentDim, List<Integer> decoderHidden, int labelEmbedding) {
    public ArchitectureOptions {
        if (kind == null) throw new IllegalArgumentException("kind must be set");
        convChannels = List.copyOf(convChannels);
        encoderHidden = List.copyOf(encoderHidden);
        decoderHidden = List.copyOf(decoderHidden);
    }

    /** The MLP with the given widths and no label embedding. */
    public static ArchitectureOptions mlp(List<Integer> encoderHidden, int latentDim, List<Integer> decoderHidden) {
        return new ArchitectureOptions(CvaeArchitecture.Kind.MLP, List.of(), encoderHidden, latentDim, decoderHidden, 0);
    }

    /** The architecture for images of {@code shape} and conditioning vectors of {@code conditionSize}. */
    public CvaeArchitecture forData(ImageShape shape, int conditionSize) {
        return new CvaeArchitecture(kind, shape, conditionSize, labelEmbedding, convChannels, encoderHidden, latentDim,
                decoderHidden);
    }
}
