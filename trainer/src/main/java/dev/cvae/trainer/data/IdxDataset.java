package dev.cvae.trainer.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A labelled image data set stored as the four standard IDX files of MNIST, Fashion-MNIST, KMNIST or EMNIST
 * in one directory: {@code [prefix-]train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} (or {@code test-images-}) and {@code t10k-labels-idx1-ubyte}.
 *
 * <p>Loading validates everything before any training starts: magic numbers, truncation, image and label
 * counts, labels inside the class count, and a non-empty set. Each failure names the file.
 */
public record IdxDataset(Path directory, LabelledImages train, LabelledImages test) {

    /** Loads both splits from {@code directory}; labels must lie in {@code 0..classCount-1}. */
    public static IdxDataset load(Path directory, int classCount) {
        if (!Files.isDirectory(directory)) {
            throw new IdxFormatException(directory, "not a directory");
        }
        LabelledImages train = loadSplit(directory, "train", "train", classCount);
        LabelledImages test = loadSplit(directory, "t10k|test", "t10k", classCount);
        if (train.shape().height() != test.shape().height() || train.shape().width() != test.shape().width()) {
            throw new IdxFormatException(directory, "train images are " + train.shape() + " but test images are "
                    + test.shape());
        }
        return new IdxDataset(directory, train, test);
    }

    private static LabelledImages loadSplit(Path dir, String splitPattern, String splitName, int classCount) {
        Path imagesPath = find(dir, splitPattern, "images-idx3-ubyte", splitName);
        Path labelsPath = find(dir, splitPattern, "labels-idx1-ubyte", splitName);
        IdxFile images = IdxFile.read(imagesPath, IdxFile.IMAGES_MAGIC);
        IdxFile labels = IdxFile.read(labelsPath, IdxFile.LABELS_MAGIC);
        if (images.count() == 0) {
            throw new IdxFormatException(imagesPath, "holds no images (empty set)");
        }
        if (images.count() != labels.count()) {
            throw new IdxFormatException(labelsPath, "holds " + labels.count() + " labels but "
                    + imagesPath.getFileName() + " holds " + images.count() + " images");
        }
        int[] labelValues = new int[labels.count()];
        for (int i = 0; i < labelValues.length; i++) {
            int label = labels.data()[i] & 0xFF;
            if (label >= classCount) {
                throw new IdxFormatException(labelsPath, "label " + label + " at index " + i
                        + " is outside the class count " + classCount + " (expected 0.." + (classCount - 1) + ")");
            }
            labelValues[i] = label;
        }
        ImageShape shape = new ImageShape(1, images.dims()[1], images.dims()[2]);
        return new LabelledImages(shape, classCount, images.data(), labelValues);
    }

    private static Path find(Path dir, String splitPattern, String kind, String splitName) {
        Pattern name = Pattern.compile("(.*-)?(" + splitPattern + ")-" + kind + "(\\.gz)?");
        List<Path> matches;
        try (Stream<Path> files = Files.list(dir)) {
            matches = files.filter(p -> name.matcher(p.getFileName().toString()).matches()).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (matches.isEmpty()) {
            throw new IdxFormatException(dir, "no " + splitName + "-" + kind + "[.gz] file");
        }
        if (matches.size() > 1) {
            throw new IdxFormatException(dir, "several files could be the " + splitName + " " + kind.split("-")[0]
                    + ": " + matches.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(", ")));
        }
        return matches.get(0);
    }
}
