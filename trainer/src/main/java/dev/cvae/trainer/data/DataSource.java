package dev.cvae.trainer.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the training data is and how to read it: IDX files, an image folder or a CSV manifest at {@code path}.
 *
 * @param name           the data set's name, recorded in model.json
 * @param labelNames     the classes of IDX data in label order (image folders and manifests name their own)
 * @param folder         how image files are read; null for the defaults (28x28 grayscale, fail on a bad image,
 *                       a tenth held out)
 * @param attributeTypes attributes to make binary or scalar instead of categorical
 * @param trainLimit     at most this many training images are used
 */
public record DataSource(Path path, String name, List<String> labelNames, FolderOptions folder,
                         Map<String, Attribute.Type> attributeTypes, int trainLimit) {
    public DataSource {
        if (path == null) throw new IllegalArgumentException("path must be set");
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name must not be blank, got '" + name + "'");
        labelNames = labelNames == null ? List.of() : List.copyOf(labelNames);
        attributeTypes = attributeTypes == null ? Map.of() : Map.copyOf(attributeTypes);
        if (trainLimit < 1) throw new IllegalArgumentException("trainLimit must be >= 1, got " + trainLimit);
    }

    /** IDX files (or data that names its own classes) read with the defaults, every training image used. */
    public static DataSource of(Path path, String name, List<String> labelNames) {
        return new DataSource(path, name, labelNames, null, Map.of(), Integer.MAX_VALUE);
    }

    /** The same source read with {@code other} folder options. */
    public DataSource withFolder(FolderOptions other) {
        return new DataSource(path, name, labelNames, other, attributeTypes, trainLimit);
    }

    /** The same source with {@code types} for its attributes. */
    public DataSource withAttributeTypes(Map<String, Attribute.Type> types) {
        return new DataSource(path, name, labelNames, folder, types, trainLimit);
    }
}
