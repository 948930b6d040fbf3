package dev.cvae.trainer.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Labelled images stored as one sub-folder per class (the folder name is the label name), PNG or JPEG of any
 * size, resized to the model's height and width and converted to its channels (1: luminance, 3: RGB).
 *
 * <p>With {@code train/} and {@code test/} sub-folders, each holding the class folders, those are the splits;
 * otherwise a seeded random {@code validationFraction} of the images is held out. An image that cannot be
 * read is never dropped silently: every one is listed by path, then skipped or the load fails, by option.
 */
public final class ImageFolderDataset {
    /** What to do with images that cannot be read. */
    public enum BadImages { SKIP, FAIL }

    /** The splits, the class names in label order, and the unreadable files that were skipped. */
    public record Loaded(LabelledImages train, LabelledImages test, List<String> labelNames, List<String> skipped) {
    }

    private ImageFolderDataset() {
    }

    /** True when {@code dir} looks like an image folder data set (class sub-folders, no IDX files). */
    public static boolean isImageFolder(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.anyMatch(Files::isDirectory);
        } catch (IOException e) {
            return false;
        }
    }

    public static Loaded load(Path dir, ImageShape shape, BadImages policy, double validationFraction, long seed,
                              PrintStream log) {
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
        }
        List<String> bad = new ArrayList<>();
        Path trainDir = dir.resolve("train");
        Path testDir = dir.resolve("test");
        Loaded loaded;
        if (Files.isDirectory(trainDir) && Files.isDirectory(testDir)) {
            List<String> labels = classes(trainDir);
            List<String> testLabels = classes(testDir);
            if (!testLabels.equals(labels)) {
                throw new IdxFormatException(testDir, "classes " + testLabels + " differ from train's " + labels);
            }
            loaded = new Loaded(read(trainDir, labels, shape, bad), read(testDir, labels, shape, bad), labels, bad);
        } else {
            List<String> labels = classes(dir);
            LabelledImages all = read(dir, labels, shape, bad);
            loaded = split(all, labels, validationFraction, seed, bad);
        }
        if (!bad.isEmpty()) {
            for (String b : bad) log.println("unreadable image: " + b);
            if (policy == BadImages.FAIL) {
                throw new IdxFormatException(dir, bad.size() + " unreadable image(s), first " + bad.get(0)
                        + " (all listed above; --bad-images skip leaves them out)");
            }
            log.printf("skipped %d unreadable image(s)%n", bad.size());
        }
        return loaded;
    }

    private static List<String> classes(Path dir) {
        List<String> names;
        try (Stream<Path> entries = Files.list(dir)) {
            names = entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (names.size() < 2) throw new IdxFormatException(dir, "needs at least two class sub-folders, found " + names);
        return names;
    }

    private static LabelledImages read(Path dir, List<String> labels, ImageShape shape, List<String> bad) {
        List<byte[]> images = new ArrayList<>();
        List<Integer> imageLabels = new ArrayList<>();
        for (int label = 0; label < labels.size(); label++) {
            List<Path> files;
            try (Stream<Path> entries = Files.list(dir.resolve(labels.get(label)))) {
                files = entries.filter(ImageFolderDataset::isImageFile).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir.resolve(labels.get(label)), e);
            }
            for (Path file : files) {
                byte[] pixels = pixels(file, shape, bad);
                if (pixels != null) {
                    images.add(pixels);
                    imageLabels.add(label);
                }
            }
        }
        if (images.isEmpty()) throw new IdxFormatException(dir, "holds no readable images (empty set)");
        byte[] all = new byte[images.size() * shape.size()];
        for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i), 0, all, i * shape.size(), shape.size());
        return new LabelledImages(shape, labels.size(), all, imageLabels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static boolean isImageFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    /** Channel-major bytes of the image resized to the shape, or null (and the path listed) when unreadable. */
    private static byte[] pixels(Path file, ImageShape shape, List<String> bad) {
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

    private static Loaded split(LabelledImages all, List<String> labels, double fraction, long seed, List<String> bad) {
        int[] order = ImageBatch.shuffledOrder(all.size(), new Random(seed));
        int testCount = Math.max(1, (int) Math.round(all.size() * fraction));
        if (testCount >= all.size()) throw new IllegalArgumentException("too few images (" + all.size() + ") to hold out " + fraction);
        return new Loaded(all.select(java.util.Arrays.copyOfRange(order, testCount, all.size())),
                all.select(java.util.Arrays.copyOfRange(order, 0, testCount)), labels, bad);
    }
}
