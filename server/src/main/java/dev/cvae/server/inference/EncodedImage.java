package dev.cvae.server.inference;

/**
 * An image as bytes in a format, with its shape. The bytes are never written once the image is made, so an answer
 * may share them instead of copying them.
 */
public record EncodedImage(ImageFormat format, byte[] data, int channels, int height, int width) {
}
