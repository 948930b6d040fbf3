package dev.cvae.trainer.model;

import java.util.List;

/**
 * A 2-d convolution, or a transposed convolution ({@code transposed}), with square kernel, stride and zero
 * padding, on feature maps [N, C, H, W]. A convolution maps H to (H + 2p - k) / s + 1, which must divide
 * exactly; a transposed one maps H to (H - 1) s - 2p + k.
 *
 * <p>Weights {@code name_W} are held as SameDiff wants them: [k, k, in, out] for a convolution and [k, k, out,
 * in] for a transposed one. Both become ONNX's layout ([out, in, k, k] for Conv, [in, out, k, k] for
 * ConvTranspose) by the same permutation (3, 2, 0, 1). The bias {@code name_b} is [out].
 */
public record ConvLayerSpec(String name, boolean transposed, FeatureMap input, int outChannels, int kernel, int stride,
                            int padding, Activation activation) implements Layer {
    public ConvLayerSpec {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name must be non-blank");
        if (input == null || activation == null) throw new IllegalArgumentException(name + ": input and activation must be set");
        if (outChannels < 1 || kernel < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException(name + ": outChannels, kernel and stride must be >= 1 and padding >= 0");
        }
        if (!transposed) {
            for (int extent : new int[] {input.height(), input.width()}) {
                int span = extent + 2 * padding - kernel;
                if (span < 0 || span % stride != 0) {
                    throw new IllegalArgumentException(name + ": a " + kernel + "x" + kernel + " kernel with stride " + stride
                            + " and padding " + padding + " does not tile an input of " + input + " exactly");
                }
            }
        }
    }

    public FeatureMap output() {
        return new FeatureMap(outChannels, outExtent(input.height()), outExtent(input.width()));
    }

    private int outExtent(int in) {
        return transposed ? (in - 1) * stride - 2 * padding + kernel : (in + 2 * padding - kernel) / stride + 1;
    }

    @Override
    public int inSize() {
        return input.size();
    }

    @Override
    public int outSize() {
        return output().size();
    }

    @Override
    public List<ParamSpec> params() {
        int fanIn = input.channels() * kernel * kernel;
        long[] w = transposed
                ? new long[] {kernel, kernel, outChannels, input.channels()}
                : new long[] {kernel, kernel, input.channels(), outChannels};
        return List.of(new ParamSpec(weightName(), w, fanIn), new ParamSpec(biasName(), new long[] {outChannels}, fanIn));
    }
}
