package dev.cvae.server.inference;

import dev.cvae.server.model.ModelDescriptor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Converts between model pixels (floats in [0, 1], channel-major [C, H, W]) and PNG or raw float32 bytes.
 * PNG is 8-bit grayscale for one channel and RGB for three. Stateless and thread-safe.
 */
public final class ImageCodec {
    private ImageCodec() {
    }

    /** Encodes the image at {@code pixels[offset .. offset + C*H*W)}. */
    public static EncodedImage encode(float[] pixels, int offset, ModelDescriptor.Image shape, ImageFormat format) {
        int c = shape.channels();
        int h = shape.height();
        int w = shape.width();
        int n = c * h * w;
        byte[] data = switch (format) {
            case RAW_FLOAT32 -> {
                ByteBuffer buf = ByteBuffer.allocate(n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(pixels, offset, n);
                yield buf.array();
            }
            case PNG -> png(pixels, offset, c, h, w);
        };
        return new EncodedImage(format, data, c, h, w);
    }

    /** Writes the samples straight into PNG scanlines (each row after its filter byte), interleaving channels. */
    private static byte[] png(float[] pixels, int offset, int c, int h, int w) {
        int plane = h * w;
        int rowBytes = w * c + 1;
        byte[] scanlines = new byte[h * rowBytes];
        for (int y = 0; y < h; y++) {
            int row = y * rowBytes + 1; // scanlines[y * rowBytes] stays 0: filter type none
            for (int ch = 0; ch < c; ch++) {
                int from = offset + ch * plane + y * w;
                for (int x = 0; x < w; x++) scanlines[row + x * c + ch] = (byte) toByte(pixels[from + x]);
            }
        }
        return PngEncoder.encode(scanlines, w, h, c);
    }

    /**
     * Rounds half up, clamped to 0..255 (NaN becomes 0): the cast truncates toward zero and saturates, and the
     * branch-free clamp lets the loop above compile to vector instructions.
     */
    private static int toByte(float v) {
        return Math.max(0, Math.min(255, (int) (v * 255f + 0.5f)));
    }

    /**
     * Decodes an image sent by a client into model pixels.
     *
     * @param field the request field, for error messages
     * @throws InvalidRequestException when the bytes are not a PNG or raw image of the model's shape
     */
    public static float[] decode(EncodedImage image, ModelDescriptor.Image shape, String field) {
        int c = shape.channels();
        int h = shape.height();
        int w = shape.width();
        return switch (image.format()) {
            case RAW_FLOAT32 -> {
                if (image.channels() != c || image.height() != h || image.width() != w) {
                    throw new InvalidRequestException(field + ".shape", image.channels() + "x" + image.height() + "x"
                            + image.width() + ", expected " + c + "x" + h + "x" + w + " (channels x height x width)");
                }
                if (image.data().length != c * h * w * Float.BYTES) {
                    throw new InvalidRequestException(field + ".data", image.data().length + " bytes, expected "
                            + c * h * w * Float.BYTES + " (" + c * h * w + " little-endian float32 values)");
                }
                float[] px = new float[c * h * w];
                ByteBuffer.wrap(image.data()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(px);
                for (int i = 0; i < px.length; i++) {
                    if (!(px[i] >= 0f && px[i] <= 1f)) {
                        throw new InvalidRequestException(field + ".data", "value " + px[i] + " at index " + i + " is outside [0, 1]");
                    }
                }
                yield px;
            }
            case PNG -> fromPng(image.data(), c, h, w, field);
        };
    }

    private static float[] fromPng(byte[] bytes, int c, int h, int w, String field) {
        BufferedImage img = readPng(bytes, w, h, field + ".data");
        float[] px = new float[c * h * w];
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int r = rgb >> 16 & 0xFF;
                int g = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                int i = y * w + x;
                if (c == 1) {
                    px[i] = (img.getType() == BufferedImage.TYPE_BYTE_GRAY ? img.getRaster().getSample(x, y, 0)
                            : Math.round(0.299f * r + 0.587f * g + 0.114f * b)) / 255f;
                } else {
                    px[i] = r / 255f;
                    px[i + plane] = g / 255f;
                    px[i + 2 * plane] = b / 255f;
                }
            }
        }
        return px;
    }

    /**
     * The PNG's pixels, once its header has shown the expected size: a 30-byte PNG may claim 2^31 x 2^31 pixels,
     * which decoding would try to allocate. Only ImageIO's PNG reader is used, without metadata, from memory (no
     * cache file); what it throws on malformed data, checked or not, becomes the request's error.
     */
    private static BufferedImage readPng(byte[] bytes, int width, int height, String field) {
        ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            if (reader.getWidth(0) != width || reader.getHeight(0) != height) {
                throw new InvalidRequestException(field, "a " + reader.getWidth(0) + "x" + reader.getHeight(0)
                        + " image (width x height), expected " + width + "x" + height);
            }
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidRequestException invalid) throw invalid;
            throw new InvalidRequestException(field, "not a readable PNG image (" + bytes.length + " bytes)");
        } finally {
            reader.dispose();
        }
    }
}
