package dev.cvae.server.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvae.server.model.ModelDescriptor;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageCodecTest {
    private static final ModelDescriptor.Image GRAY_2X3 = new ModelDescriptor.Image(1, 2, 3);
    private static final ModelDescriptor.Image RGB_2X2 = new ModelDescriptor.Image(3, 2, 2);

    @Test
    void grayscalePngRoundTripsToTheNearestByte() {
        float[] px = {0f, 0.2f, 0.4f, 0.6f, 0.8f, 1f};
        EncodedImage png = ImageCodec.encode(px, 0, GRAY_2X3, ImageFormat.PNG);
        assertArrayEquals(px, ImageCodec.decode(png, GRAY_2X3, "image"), 1f / 255);
    }

    @Test
    void pngSamplesRoundHalfUpAndClampOutOfRangeValues() throws Exception {
        // 0.5/255 rounds up to 1, just under it down to 0; NaN, negatives and values over 1 clamp to 0 and 255
        float[] px = {0.5f / 255, 0.49f / 255, Float.NaN, -3f, 1.7f, Float.POSITIVE_INFINITY};
        byte[] png = ImageCodec.encode(px, 0, GRAY_2X3, ImageFormat.PNG).data();
        BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(png));
        int[] samples = img.getRaster().getPixels(0, 0, 3, 2, (int[]) null);
        assertArrayEquals(new int[] {1, 0, 0, 0, 255, 255}, samples);
    }

    @Test
    void rgbPngKeepsTheChannelsApart() {
        float[] px = {1, 0, 0, 0, /* g */ 0, 1, 0, 0, /* b */ 0, 0, 1, 0};
        EncodedImage png = ImageCodec.encode(px, 0, RGB_2X2, ImageFormat.PNG);
        assertArrayEquals(px, ImageCodec.decode(png, RGB_2X2, "image"), 1e-6f);
    }

    @Test
    void rawFloatsRoundTripExactly() {
        float[] px = {0.123f, 0.5f, 1f, 0f, 0.999f, 0.25f};
        EncodedImage raw = ImageCodec.encode(px, 0, GRAY_2X3, ImageFormat.RAW_FLOAT32);
        assertEquals(24, raw.data().length);
        assertArrayEquals(px, ImageCodec.decode(raw, GRAY_2X3, "image"));
    }

    @Test
    void aPngOfTheWrongSizeIsRejectedWithBothSizes() throws Exception {
        BufferedImage img = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () ->
                ImageCodec.decode(new EncodedImage(ImageFormat.PNG, out.toByteArray(), 0, 0, 0), GRAY_2X3, "encode.image"));
        assertEquals("encode.image.data: a 5x4 image (width x height), expected 3x2", e.getMessage());
    }

    @Test
    void aPngWhoseHeaderClaimsHugeSizeIsRejectedBeforeAnyPixelIsDecoded() {
        // found by fuzzing: these 134 bytes made ImageIO allocate a 2 GB raster and spend 17 s before the size check
        byte[] bomb = java.util.Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgUAAAgAAAAICAIAAABLbSncAAAAv0lEQVR4XgXByQpEYAAA4P/iYA4"
                + "UClmyyz5hLDiO0/O8JEmaprnn+TgOQNO0JEmWZYVhWBTFMAzbtl3XBXie13X5+/2madq27bIs53k+zwNkWbZt+/f7lWU5jkQSAAAACAA=");
        InvalidRequestException e = assertThrows(InvalidRequestException.class, () ->
                ImageCodec.decode(new EncodedImage(ImageFormat.PNG, bomb, 0, 0, 0), GRAY_2X3, "image"));
        assertEquals("image.data: a 83886088x8 image (width x height), expected 3x2", e.getMessage());
    }

    @Test
    void rawImagesMustDeclareTheModelShapeAndStayInRange() {
        InvalidRequestException shape = assertThrows(InvalidRequestException.class, () ->
                ImageCodec.decode(new EncodedImage(ImageFormat.RAW_FLOAT32, new byte[24], 1, 3, 2), GRAY_2X3, "image"));
        assertEquals("image.shape: 1x3x2, expected 1x2x3 (channels x height x width)", shape.getMessage());
        float[] bad = {0, 0, 2f, 0, 0, 0};
        EncodedImage raw = ImageCodec.encode(bad, 0, GRAY_2X3, ImageFormat.RAW_FLOAT32);
        InvalidRequestException range = assertThrows(InvalidRequestException.class, () -> ImageCodec.decode(raw, GRAY_2X3, "image"));
        assertEquals("image.data: value 2.0 at index 2 is outside [0, 1]", range.getMessage());
    }
}
