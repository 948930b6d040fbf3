package dev.cvae.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A model repository in a temporary directory, filled with copies of the bundled models as a user or a
 * trainer would: each version appears whole, by an atomic rename of a hidden directory, so that a watcher
 * never sees half of one.
 */
public final class ModelRepositoryDir {
    private final Path root;

    public ModelRepositoryDir(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Copies a bundled model to {@code <root>/<relative>} (e.g. {@code mnist/3} or {@code fashion-mnist}). */
    public Path add(String bundled, String relative) throws IOException {
        return place(bundled, relative, false);
    }

    /** A version whose decoder's bytes no longer match the SHA-256 model.json records. */
    public Path addCorrupt(String bundled, String relative) throws IOException {
        return place(bundled, relative, true);
    }

    private Path place(String bundled, String relative, boolean corrupt) throws IOException {
        Path target = root.resolve(relative);
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), ".staging-");
        for (String f : List.of("model.json", "encoder.onnx", "decoder.onnx")) {
            Files.copy(BundledModels.DIR.resolve(bundled).resolve(f), staging.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        if (corrupt) Files.write(staging.resolve("decoder.onnx"), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        return Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    }

    public void remove(String relative) throws IOException {
        Path dir = root.resolve(relative);
        Path gone = root.resolve("." + dir.getFileName() + "-removed-" + System.nanoTime());
        Files.move(dir, gone, StandardCopyOption.ATOMIC_MOVE);
        try (Stream<Path> files = Files.walk(gone)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
