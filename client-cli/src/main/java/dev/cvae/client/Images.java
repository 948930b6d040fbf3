package dev.cvae.client;

import com.google.protobuf.ByteString;
import dev.cvae.api.v1.ImageShape;
import java.awt.image.BufferedImage;
import java.nio.ByteOrder;

/** Turns raw float32 images (values in [0, 1], channel-major) into pictures. */
final class Images {
    private Images() {
    }

    static float[] floats(ByteString raw) {
        float[] out = new float[raw.size() / Float.BYTES];
        raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    static BufferedImage picture(float[] px, ImageShape shape) {
        int h = shape.getHeight();
        int w = shape.getWidth();
        int plane = h * w;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int r = level(px[i]);
                int g = shape.getChannels() == 3 ? level(px[i + plane]) : r;
                int b = shape.getChannels() == 3 ? level(px[i + 2 * plane]) : r;
                img.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return img;
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }
}
