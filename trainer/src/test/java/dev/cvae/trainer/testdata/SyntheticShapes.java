package dev.cvae.trainer.testdata;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Image files with several attributes that tests make for themselves: a stroke whose orientation (h, v, d, a)
 * is a class, whose thickness (thin or thick) is binary and whose brightness (0.3..1.0) is a number, on a
 * dark background, drawn in colour. Written as an image folder (one sub-folder per orientation) or as a CSV
 * manifest listing every file with its attributes.
 */
public final class SyntheticShapes {
    public static final List<String> ORIENTATIONS = List.of("a", "d", "h", "v");

    private SyntheticShapes() {
    }

    /** One image's attributes. */
    public record Shape(String orientation, boolean thick, double brightness) {
    }

    /** Writes {@code count} PNGs of {@code size}x{@code size} and {@code manifest.csv} with their attributes; returns the CSV. */
    public static Path csv(Path dir, int count, int size, long seed, boolean withSplit) throws IOException {
        Files.createDirectories(dir.resolve("img"));
        Random rng = new Random(seed);
        StringBuilder csv = new StringBuilder(withSplit ? "path,orientation,thickness,brightness,split\n" : "path,orientation,thickness,brightness\n");
        for (int i = 0; i < count; i++) {
            Shape s = random(rng, i);
            String file = "img/s" + i + ".png";
            write(dir.resolve(file), s, size, rng);
            csv.append(file).append(',').append(s.orientation()).append(',').append(s.thick() ? "thick" : "thin").append(',')
                    .append(String.format(java.util.Locale.ROOT, "%.3f", s.brightness()));
            if (withSplit) csv.append(',').append(i % 5 == 0 ? "test" : "train");
            csv.append('\n');
        }
        Path manifest = dir.resolve("manifest.csv");
        Files.writeString(manifest, csv);
        return manifest;
    }

    /** Writes {@code perClass} PNGs per orientation into {@code dir/<orientation>/}; returns dir. */
    public static Path folder(Path dir, List<String> classes, int perClass, int size, long seed) throws IOException {
        Random rng = new Random(seed);
        for (int c = 0; c < classes.size(); c++) {
            Path sub = Files.createDirectories(dir.resolve(classes.get(c)));
            for (int i = 0; i < perClass; i++) {
                Shape s = new Shape(ORIENTATIONS.get(c % ORIENTATIONS.size()), rng.nextBoolean(), 0.5 + rng.nextDouble() * 0.5);
                write(sub.resolve("i" + i + ".png"), s, size, rng);
            }
        }
        return dir;
    }

    private static Shape random(Random rng, int i) {
        return new Shape(ORIENTATIONS.get(i % ORIENTATIONS.size()), rng.nextBoolean(), 0.3 + rng.nextDouble() * 0.7);
    }

    private static void write(Path file, Shape s, int size, Random rng) throws IOException {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, size, size);
        float b = (float) s.brightness();
        g.setColor(new Color(b, b * (0.6f + 0.4f * rng.nextFloat()), b * 0.5f));
        g.setStroke(new BasicStroke(size * (s.thick() ? 0.22f : 0.08f)));
        int lo = size / 5 + rng.nextInt(Math.max(1, size / 10));
        int hi = size - size / 5 - rng.nextInt(Math.max(1, size / 10));
        int mid = size / 2 + rng.nextInt(Math.max(1, size / 8)) - size / 16;
        switch (s.orientation()) {
            case "h" -> g.drawLine(lo, mid, hi, mid);
            case "v" -> g.drawLine(mid, lo, mid, hi);
            case "d" -> g.drawLine(lo, lo, hi, hi);
            default -> g.drawLine(lo, hi, hi, lo);
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
