package dev.cvae.trainer.testdata;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Writes small image-folder data sets for tests. */
public final class ImageFiles {
    private ImageFiles() {
    }

    /** Writes {@code count} solid-colour images of {@code w}x{@code h} into {@code root/label} as png or jpg. */
    public static void solid(Path root, String label, Color color, int count, int w, int h, String format) throws IOException {
        Path folder = Files.createDirectories(root.resolve(label));
        for (int i = 0; i < count; i++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, color.getRGB());
            ImageIO.write(img, format, folder.resolve(label + i + "." + format).toFile());
        }
    }
}
