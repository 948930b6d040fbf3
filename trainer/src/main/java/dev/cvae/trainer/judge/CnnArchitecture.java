package dev.cvae.trainer.judge;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Shape of the strong judge's network: blocks of 3x3 convolutions ("same" padding, batch norm, ReLU), each block
 * ending in a 2x2 max pool, then one dense layer with dropout before the softmax.
 *
 * @param channels      output channels of each block, one entry per block
 * @param convsPerBlock convolutions in each block
 * @param dense         width of the dense layer
 * @param dropout       share of the dense layer's inputs and outputs dropped in training, in [0, 1)
 */
public record CnnArchitecture(List<Integer> channels, int convsPerBlock, int dense, double dropout) {

    /** The default: three blocks of 32, 64 and 128 channels, one convolution each, then 128 dense units. */
    public static final CnnArchitecture DEFAULT = new CnnArchitecture(List.of(32, 64, 128), 1, 128, 0.3);

    public CnnArchitecture {
        channels = List.copyOf(channels);
        if (channels.isEmpty()) throw new IllegalArgumentException("channels must name at least one block");
        for (int c : channels) if (c < 1) throw new IllegalArgumentException("channels must all be >= 1, got " + channels);
        if (convsPerBlock < 1) throw new IllegalArgumentException("convsPerBlock must be >= 1, got " + convsPerBlock);
        if (dense < 1) throw new IllegalArgumentException("dense must be >= 1, got " + dense);
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    }

    /** For example {@code conv3x3[32,64,128]x1-bn-relu-maxpool, dense 128, dropout 0.3}. */
    public String describe() {
        return "conv3x3" + channels.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"))
                + "x" + convsPerBlock + "-bn-relu-maxpool2, dense " + dense + ", dropout " + dropout + ", softmax";
    }
}
