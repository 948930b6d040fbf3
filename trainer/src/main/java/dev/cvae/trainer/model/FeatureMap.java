package dev.cvae.trainer.model;

/** The shape [channels, height, width] of one example's activations inside a convolutional stack. */
public record FeatureMap(int channels, int height, int width) {
    public FeatureMap {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("feature map " + channels + "x" + height + "x" + width + " must be positive");
        }
    }

    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
