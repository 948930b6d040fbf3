package dev.cvae.trainer.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Reads PNG or JPEG files into model pixels (resized bilinearly, converted to 1 or 3 channels), and reports the
 * files that could not be read: every one is listed by path, then the load fails or they are skipped.
 */
final class ImageDecoder {
    private ImageDecoder() {
    }

    /** Channel-major bytes of the image resized to the shape, or null (and the path listed) when unreadable. */
    static byte[] read(Path file, ImageShape shape, List<String> bad) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            bad.add(file + " (" + e.getMessage() + ")");
            return null;
        }
        if (img == null) {
            bad.add(file + " (not a PNG or JPEG image)");
            return null;
        }
        BufferedImage resized = new BufferedImage(shape.width(), shape.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = resized.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, shape.width(), shape.height(), null);
        g.dispose();
        int plane = shape.height() * shape.width();
        byte[] out = new byte[shape.size()];
        for (int y = 0; y < shape.height(); y++) {
            for (int x = 0; x < shape.width(); x++) {
                int rgb = resized.getRGB(x, y);
                int r = rgb >> 16 & 0xFF;
                int gr = rgb >> 8 & 0xFF;
                int b = rgb & 0xFF;
                int i = y * shape.width() + x;
                if (shape.channels() == 1) {
                    out[i] = (byte) Math.round(0.299 * r + 0.587 * gr + 0.114 * b);
                } else {
                    out[i] = (byte) r;
                    out[plane + i] = (byte) gr;
                    out[2 * plane + i] = (byte) b;
                }
            }
        }
        return out;
    }

    /** Lists {@code bad} on {@code log}; fails naming {@code source} when the policy says so. */
    static void report(Path source, List<String> bad, ImageFolderDataset.BadImages policy, PrintStream log) {
        if (bad.isEmpty()) return;
        for (String b : bad) log.println("unreadable image: " + b);
        if (policy == ImageFolderDataset.BadImages.FAIL) {
            throw new IdxFormatException(source, bad.size() + " unreadable image(s), first " + bad.get(0)
                    + " (all listed above; --bad-images skip leaves them out)");
        }
        log.printf("skipped %d unreadable image(s)%n", bad.size());
    }
}
