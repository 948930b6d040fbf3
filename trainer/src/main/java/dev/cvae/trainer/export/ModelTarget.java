package dev.cvae.trainer.export;

import java.nio.file.Path;

/**
 * Where a trained model goes and what it is called: directory {@code <outDir>/<name>}, with {@code name} and
 * {@code version} recorded in model.json and in the ONNX files' metadata.
 */
public record ModelTarget(Path outDir, String name, String version) {
    public ModelTarget {
        if (outDir == null) throw new IllegalArgumentException("outDir must be set");
        if (name == null || name.isBlank() || name.contains("/") || name.startsWith(".")) {
            throw new IllegalArgumentException("model name '" + name + "' must be a plain directory name, not blank or hidden");
        }
        if (version == null || version.isBlank()) throw new IllegalArgumentException("model version must not be blank");
    }

    public Path modelDir() {
        return outDir.resolve(name);
    }

    /** Hidden beside the model directory, so a server never mistakes it for a model. */
    public Path checkpointDir() {
        return outDir.resolve("." + name + ".checkpoint");
    }
}
