package dev.cvae.trainer.testdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/** A report figure read back from its PNG bytes, for assertions on its size and on what was drawn. */
public record PngFigure(String name, BufferedImage image) {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Reads {@code bytes}, which must be a PNG. */
    public static PngFigure of(String name, byte[] bytes) {
        assertTrue(bytes.length > PNG_SIGNATURE.length, name + " is empty");
        for (int i = 0; i < PNG_SIGNATURE.length; i++) assertEquals(PNG_SIGNATURE[i], bytes[i], name + " is not a PNG");
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            assertNotNull(image, name + " cannot be decoded");
            return new PngFigure(name, image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public PngFigure hasSize(int width, int height) {
        assertEquals(width + "x" + height, image.getWidth() + "x" + image.getHeight(), name + " size");
        return this;
    }

    /** Something was drawn: many colours, and neither almost all background nor almost all ink. */
    public PngFigure isNotBlank() {
        Set<Integer> colours = new HashSet<>();
        int background = image.getRGB(0, 0);
        long differing = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                colours.add(rgb);
                if (rgb != background) differing++;
            }
        }
        double share = differing / (double) (image.getWidth() * image.getHeight());
        assertTrue(colours.size() >= 8, name + " has only " + colours.size() + " colours");
        assertTrue(share > 0.01 && share < 0.99, name + ": " + share + " of the pixels differ from the background");
        return this;
    }

    /** Some pixel is within 24 of {@code colour} in every channel (lines and markers are antialiased). */
    public PngFigure shows(Color colour) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                if (Math.abs(c.getRed() - colour.getRed()) <= 24 && Math.abs(c.getGreen() - colour.getGreen()) <= 24
                        && Math.abs(c.getBlue() - colour.getBlue()) <= 24) {
                    return this;
                }
            }
        }
        throw new AssertionError(name + " shows nothing in " + colour);
    }
}
