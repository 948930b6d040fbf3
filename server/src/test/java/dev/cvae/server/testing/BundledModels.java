package dev.cvae.server.testing;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.model.ModelLoader;
import dev.cvae.server.model.ModelMonitor;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.runtime.ExecutionDevice;
import dev.cvae.server.runtime.SessionFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's bundled models (models/ beside the server module), opened with real ONNX Runtime. */
public final class BundledModels {
    public static final Path DIR = Path.of("..", "models").toAbsolutePath().normalize();
    public static final Path MNIST = DIR.resolve("mnist");

    private BundledModels() {
    }

    public static ModelLoader loader(BatchPolicy policy) {
        return loader(policy, ModelMonitor.NONE);
    }

    public static ModelLoader loader(BatchPolicy policy, ModelMonitor monitor) {
        return new ModelLoader(new SessionFactory(ExecutionDevice.CPU_DEVICE, 1), policy, monitor);
    }

    public static ModelRegistry registry(BatchPolicy policy) throws Exception {
        return registry(policy, ModelMonitor.NONE);
    }

    /** With {@code monitor} watching every model's batchers (metrics). */
    public static ModelRegistry registry(BatchPolicy policy, ModelMonitor monitor) throws Exception {
        if (!Files.isRegularFile(MNIST.resolve("model.json"))) throw new AssertionError("bundled model missing: " + MNIST);
        return ModelRegistry.load(DIR, loader(policy, monitor), "mnist");
    }
}
