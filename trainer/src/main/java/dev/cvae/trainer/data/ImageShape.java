package dev.cvae.trainer.data;

/**
 * Shape of one image: channels, height and width. Pixels are stored channel-major (C, H, W), flattened.
 */
public record ImageShape(int channels, int height, int width) {
    public ImageShape {
        if (channels < 1) throw new IllegalArgumentException("channels must be >= 1, got " + channels);
        if (height < 1) throw new IllegalArgumentException("height must be >= 1, got " + height);
        if (width < 1) throw new IllegalArgumentException("width must be >= 1, got " + width);
    }

    /** Number of values in one flattened image, C*H*W. */
    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
