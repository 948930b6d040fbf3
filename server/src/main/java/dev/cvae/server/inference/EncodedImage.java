package dev.cvae.server.inference;

/** An image as bytes in a format, with its shape. */
public record EncodedImage(ImageFormat format, byte[] data, int channels, int height, int width) {
}
