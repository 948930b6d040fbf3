package dev.cvae.trainer.data;

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
        ImageDecoder.report(dir, bad, policy, log);
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
                byte[] pixels = ImageDecoder.read(file, shape, bad);
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

    static boolean isImageFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && (n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg"));
    }

    private static Loaded split(LabelledImages all, List<String> labels, double fraction, long seed, List<String> bad) {
        LabelledImages[] parts = splitOff(all, fraction, seed);
        return new Loaded(parts[0], parts[1], labels, bad);
    }

    /** {train, held out}: a seeded random {@code fraction} of the images is held out. */
    static LabelledImages[] splitOff(LabelledImages all, double fraction, long seed) {
        int[] order = ImageBatch.shuffledOrder(all.size(), new Random(seed));
        int testCount = Math.max(1, (int) Math.round(all.size() * fraction));
        if (testCount >= all.size()) throw new IllegalArgumentException("too few images (" + all.size() + ") to hold out " + fraction);
        return new LabelledImages[] {all.select(java.util.Arrays.copyOfRange(order, testCount, all.size())),
            all.select(java.util.Arrays.copyOfRange(order, 0, testCount))};
    }
}
