package dev.cvae.trainer.cli;

import dev.cvae.trainer.data.Attribute;
import dev.cvae.trainer.data.CsvManifestDataset;
import dev.cvae.trainer.data.DataSource;
import dev.cvae.trainer.data.FolderOptions;
import dev.cvae.trainer.data.ImageFolderDataset;
import dev.cvae.trainer.data.ImageShape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import picocli.CommandLine.Option;

/** The data options of {@code train}: where the data is, what its classes and attributes are, how images are read. */
public final class DataMixin {
    @Option(names = "--data", paramLabel = "DIR|FILE.csv",
            description = "Required. IDX directory (train-/t10k- images and labels, gzipped or not), image folder (one sub-folder "
                    + "per class, optionally under train/ and test/), or CSV manifest (path column plus one column per attribute).")
    Path data;

    @Option(names = "--label-names", split = ",", paramLabel = "NAME",
            description = "IDX data: class names in label order, comma-separated; their count is the class count.")
    List<String> labelNames;

    @Option(names = "--classes", paramLabel = "N", defaultValue = "10",
            description = "IDX data without --label-names: the class count; labels are named 0..N-1 (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--attribute-type", paramLabel = "NAME=TYPE",
            description = "Make an attribute binary or scalar instead of categorical (repeatable). CSV: any attribute column; "
                    + "IDX and image folders: label=binary for two classes.")
    Map<String, Attribute.Type> attributeTypes = new LinkedHashMap<>();

    @Option(names = "--dataset-name", paramLabel = "NAME", description = "Data set name recorded in model.json (default: the data's file name).")
    String datasetName;

    @Option(names = "--image-size", defaultValue = "28x28", paramLabel = "HxW",
            description = "Image files: resize every image to this height x width (default: ${DEFAULT-VALUE}).")
    String imageSize;

    @Option(names = "--channels", paramLabel = "1|3", defaultValue = "1",
            description = "Image files: 1 (grayscale) or 3 (RGB) (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--bad-images", defaultValue = "fail", paramLabel = "fail|skip",
            description = "Image files: unreadable images are listed, then fail the run or are skipped (default: ${DEFAULT-VALUE}).")
    ImageFolderDataset.BadImages badImages;

    @Option(names = "--validation-split", paramLabel = "SHARE", defaultValue = "0.1",
            description = "Image files without a train/test split: the share held out (default: ${DEFAULT-VALUE}).")
    double validationSplit;

    @Option(names = "--train-limit", paramLabel = "N", defaultValue = "" + Integer.MAX_VALUE,
            description = "Use at most this many training images (default: all).")
    int trainLimit;

    /** The data's file name, without {@code .csv}: the default model and data set name. */
    String fileName() {
        return data.toAbsolutePath().normalize().getFileName().toString().replaceFirst("(?i)\\.csv$", "");
    }

    /** @throws IllegalArgumentException naming the option when a value is out of range or does not fit the data */
    DataSource toDataSource() {
        if (labelNames != null && ImageFolderDataset.isImageFolder(data)) {
            throw new IllegalArgumentException("--label-names: image-folder data is labelled by its sub-folder names");
        }
        if (labelNames != null && CsvManifestDataset.isManifest(data)) {
            throw new IllegalArgumentException("--label-names: a CSV manifest names its values itself");
        }
        List<String> names = labelNames != null ? labelNames
                : IntStream.range(0, OptionChecks.atLeast("--classes", classes, 1)).mapToObj(Integer::toString).toList();
        FolderOptions folder = new FolderOptions(imageShape(), badImages, OptionChecks.fraction("--validation-split", validationSplit));
        return new DataSource(data, datasetName != null ? datasetName : fileName(), names, folder, attributeTypes,
                OptionChecks.atLeast("--train-limit", trainLimit, 1));
    }

    private ImageShape imageShape() {
        String[] hw = imageSize.toLowerCase(Locale.ROOT).split("x");
        try {
            if (hw.length != 2 || (channels != 1 && channels != 3)) throw new NumberFormatException();
            return new ImageShape(channels, Integer.parseInt(hw[0]), Integer.parseInt(hw[1]));
        } catch (IllegalArgumentException e) { // NumberFormatException, or a side below 1
            throw new IllegalArgumentException("--image-size '" + imageSize + "' must be HxW and --channels 1 or 3 (got " + channels + ")");
        }
    }
}
