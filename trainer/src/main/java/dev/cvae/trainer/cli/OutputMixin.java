package dev.cvae.trainer.cli;

import dev.cvae.trainer.export.ModelTarget;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The output options of {@code train}: where the model directory goes and what it is called. */
public final class OutputMixin {
    @Option(names = "--out", defaultValue = "models", paramLabel = "DIR", description = "Parent of the model directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name and directory name (default: the data's file name).")
    String name;

    @Option(names = "--model-version", paramLabel = "VERSION", defaultValue = "1",
            description = "Version recorded in model.json (default: ${DEFAULT-VALUE}).")
    String modelVersion;

    /** @param defaultName the model's name without {@code --name} */
    ModelTarget toTarget(String defaultName) {
        return new ModelTarget(out, name != null ? name : defaultName, modelVersion);
    }
}
