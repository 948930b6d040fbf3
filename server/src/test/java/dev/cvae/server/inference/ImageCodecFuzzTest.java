package dev.cvae.server.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cvae.server.model.ModelDescriptor;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Coverage-guided fuzzing of client image decoding: random bytes as a PNG, and random bytes with a random shape as
 * raw float32, decoded for a grayscale and an RGB model. Whatever the bytes, the outcome is the model's pixels, all
 * in [0, 1], or an {@link InvalidRequestException} naming the image's field; anything else is a finding.
 *
 * <p>{@code ./mvnw verify} runs the saved inputs under {@code ImageCodecFuzzTestInputs/}; {@code JAZZER_FUZZ=1}
 * fuzzes one method (README, "Fuzzing").
 */
class ImageCodecFuzzTest {
    private static final ModelDescriptor.Image GRAY = new ModelDescriptor.Image(1, 28, 28);
    private static final ModelDescriptor.Image RGB = new ModelDescriptor.Image(3, 8, 8);

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"IHDR", "IDAT", "IEND", "PLTE", "tRNS", "gAMA", "iCCP", "sBIT", "zTXt"})
    void pngBytesDecodeToPixelsOrAnInvalidImage(byte[] bytes) {
        decodeBoth(new EncodedImage(ImageFormat.PNG, bytes, 0, 0, 0));
    }

    /** The first 12 bytes are the declared shape (channels, height, width: big-endian ints), the rest the data. */
    @FuzzTest(maxDuration = "10s")
    void rawBytesDecodeToPixelsOrAnInvalidImage(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(Arrays.copyOf(bytes, Math.max(bytes.length, 12)));
        int channels = in.getInt();
        int height = in.getInt();
        int width = in.getInt();
        byte[] data = Arrays.copyOfRange(bytes, Math.min(bytes.length, 12), bytes.length);
        decodeBoth(new EncodedImage(ImageFormat.RAW_FLOAT32, data, channels, height, width));
    }

    private static void decodeBoth(EncodedImage image) {
        for (ModelDescriptor.Image shape : new ModelDescriptor.Image[] {GRAY, RGB}) {
            try {
                float[] pixels = ImageCodec.decode(image, shape, "encode.image");
                assertEquals(shape.pixels(), pixels.length);
                for (float p : pixels) assertTrue(p >= 0f && p <= 1f, "pixel " + p);
            } catch (InvalidRequestException e) {
                assertTrue(e.field().startsWith("encode.image"), e.getMessage());
            }
        }
    }
}
