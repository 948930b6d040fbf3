package dev.cvae.trainer.data;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The training and held-out splits and what they are conditioned on, whatever form the data came in: a CSV
 * manifest, an image folder (class sub-folders) or the four IDX files. All are checked before training starts.
 */
public record TrainingData(LabelledImages train, LabelledImages test, Conditioning conditioning) {

    /** The attribute name of class-labelled data (IDX, image folders). */
    public static final String LABEL_ATTRIBUTE = "label";

    /** How image files are read when the source does not say: 28x28 grayscale, a bad image fails, a tenth held out. */
    public static final FolderOptions DEFAULT_FOLDER = new FolderOptions(new ImageShape(1, 28, 28), ImageFolderDataset.BadImages.FAIL, 0.1);

    /**
     * Loads and checks {@code source}; at most {@code source.trainLimit()} training images are kept.
     *
     * @param splitSeed draws the held-out share of data without a test split ({@code Seeds#dataSplit})
     */
    public static TrainingData load(DataSource source, long splitSeed, PrintStream log) {
        TrainingData all = read(source, source.folder() != null ? source.folder() : DEFAULT_FOLDER, splitSeed, log);
        return new TrainingData(all.train().head(source.trainLimit()), all.test(), all.conditioning());
    }

    private static TrainingData read(DataSource source, FolderOptions reading, long seed, PrintStream log) {
        Path data = source.path();
        Map<String, Attribute.Type> attributeTypes = source.attributeTypes();
        if (CsvManifestDataset.isManifest(data)) {
            CsvManifestDataset.Loaded csv = CsvManifestDataset.load(data, reading.shape(), attributeTypes, reading.badImages(),
                    reading.validationFraction(), seed, log);
            return new TrainingData(csv.train(), csv.test(), csv.conditioning());
        }
        TrainingData labelled;
        if (ImageFolderDataset.isImageFolder(data)) {
            ImageFolderDataset.Loaded folder = ImageFolderDataset.load(data, reading.shape(), reading.badImages(),
                    reading.validationFraction(), seed, log);
            labelled = new TrainingData(folder.train(), folder.test(), Conditioning.oneHot(LABEL_ATTRIBUTE, folder.labelNames()));
        } else {
            List<String> labelNames = source.labelNames();
            if (labelNames.isEmpty()) throw new IllegalArgumentException("IDX data in " + data + " needs label names (--label-names or --classes)");
            IdxDataset idx = IdxDataset.load(data, labelNames.size());
            labelled = new TrainingData(idx.train(), idx.test(), Conditioning.oneHot(LABEL_ATTRIBUTE, labelNames));
        }
        for (String name : attributeTypes.keySet()) {
            if (!name.equals(LABEL_ATTRIBUTE)) {
                throw new IllegalArgumentException("--attribute-type " + name + ": class-labelled data has one attribute, '" + LABEL_ATTRIBUTE + "'");
            }
        }
        Attribute.Type type = attributeTypes.getOrDefault(LABEL_ATTRIBUTE, Attribute.Type.CATEGORICAL);
        if (type == Attribute.Type.SCALAR) throw new IllegalArgumentException("--attribute-type label=scalar: class labels cannot be scalar");
        if (type == Attribute.Type.CATEGORICAL) return labelled;
        Conditioning binary = new Conditioning(List.of(Attribute.binary(LABEL_ATTRIBUTE, labelled.conditioning().labelNames())));
        return new TrainingData(asBinary(labelled.train()), asBinary(labelled.test()), binary);
    }

    /** Two classes as one 0/1 slot instead of a one-hot pair. */
    private static LabelledImages asBinary(LabelledImages images) {
        float[] c = new float[images.size()];
        for (int i = 0; i < images.size(); i++) c[i] = images.label(i);
        return images.withConditions(1, c);
    }

    /** "orientation categorical [a, d, h, v]; brightness scalar [0.300, 1.00]" for the log. */
    public static String describe(Conditioning conditioning) {
        return String.join("; ", conditioning.attributes().stream().map(a -> a.name() + " " + a.type().id()
                + (a.type() == Attribute.Type.SCALAR ? String.format(" [%.3g, %.3g]", a.min(), a.max()) : " " + a.values())).toList());
    }
}
