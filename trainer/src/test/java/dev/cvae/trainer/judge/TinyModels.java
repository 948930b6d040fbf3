package dev.cvae.trainer.judge;

import dev.cvae.trainer.data.IdxDataset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Model directories for tests in other packages (the CLI's): see {@link TinyModel}. */
public final class TinyModels {
    private TinyModels() {
    }

    /** A tiny CVAE trained briefly on the IDX strokes in {@code data}, exported to {@code directory}. */
    public static Path strokes(Path directory, Path data, List<String> labels) throws IOException {
        return TinyModel.train(directory, IdxDataset.load(data, labels.size()).train(), labels, 40).directory();
    }

    /** Only a model.json that says the model conditions on two attributes. */
    public static Path multiAttribute(Path directory, Path data, List<String> labels) throws IOException {
        java.nio.file.Files.createDirectories(directory);
        TinyModel.writeManifest(directory, IdxDataset.load(data, labels.size()).train(), labels, "multi-attribute", 2);
        return directory;
    }
}
