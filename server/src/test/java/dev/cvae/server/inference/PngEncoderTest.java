package dev.cvae.server.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngEncoderTest {
    /** Interleaved row-major samples as PNG scanlines (filter byte 0 before each row), encoded. */
    private static byte[] png(byte[] samples, int width, int height, int channels) {
        int stride = width * channels;
        byte[] scanlines = new byte[height * (stride + 1)];
        for (int y = 0; y < height; y++) System.arraycopy(samples, y * stride, scanlines, y * (stride + 1) + 1, stride);
        return PngEncoder.encode(scanlines, width, height, channels);
    }

    @Test
    void imageIoReadsBackEveryPixelOfGrayAndRgbImagesOfManySizes() throws Exception {
        Random random = new Random(7);
        int[][] sizes = {{1, 1}, {28, 28}, {3, 200}, {64, 64}, {300, 2}};
        for (int channels : new int[] {1, 3}) {
            for (int[] size : sizes) {
                int w = size[0];
                int h = size[1];
                byte[] samples = new byte[w * h * channels];
                // half smooth (runs and repeated rows), half noise
                for (int i = 0; i < samples.length; i++) samples[i] = (byte) (i < samples.length / 2 ? i / 50 : random.nextInt(256));
                byte[] png = png(samples, w, h, channels);
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
                assertEquals(w, img.getWidth());
                assertEquals(h, img.getHeight());
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int at = (y * w + x) * channels;
                        for (int c = 0; c < channels; c++) {
                            int expected = samples[at + c] & 0xFF;
                            int actual = img.getRaster().getSample(x, y, c);
                            assertEquals(expected, actual, w + "x" + h + "x" + channels + " at " + x + "," + y + " channel " + c);
                        }
                    }
                }
            }
        }
    }

    @Test
    void everyChunkCarriesTheRightLengthAndCrc() {
        byte[] png = png(new byte[28 * 28], 28, 28, 1);
        ByteBuffer in = ByteBuffer.wrap(png, 8, png.length - 8);
        List<String> types = new ArrayList<>();
        while (in.hasRemaining()) {
            int length = in.getInt();
            byte[] typeAndData = new byte[4 + length];
            in.get(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            String type = new String(typeAndData, 0, 4, StandardCharsets.US_ASCII);
            assertEquals((int) crc.getValue(), in.getInt(), "CRC of " + type);
            types.add(type);
        }
        assertEquals(List.of("IHDR", "IDAT", "IEND"), types);
        assertTrue(png.length < 100, "a blank 28x28 image took " + png.length + " bytes");
    }
}
