package dev.cvae.server.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The model directories under a repository root, as Triton lays them out: {@code <root>/<name>/<version>/}
 * where the version directory's name is a positive integer and is the version, or a flat {@code <root>/<dir>/}
 * holding {@code model.json} directly (one version: model.json's own). Hidden directories (a trainer's
 * temporary or checkpoint directories) are never candidates. Reads the file system only; stateless.
 */
public final class ModelRepository {
    /** A directory that may hold a model version. */
    public record Candidate(Path dir, String versionDir, String fingerprint) {
        /** The path relative to the repository root, for messages. */
        public String relative(Path root) {
            return root.relativize(dir).toString();
        }
    }

    private final Path root;

    public ModelRepository(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** Every candidate directory, sorted by path. */
    public List<Candidate> scan() throws InvalidModelException {
        if (!Files.isDirectory(root)) throw new InvalidModelException(root + ": not a directory");
        List<Candidate> found = new ArrayList<>();
        for (Path dir : visibleDirectories(root)) {
            if (Files.isRegularFile(dir.resolve("model.json"))) {
                found.add(new Candidate(dir, null, fingerprint(dir)));
                continue;
            }
            for (Path version : visibleDirectories(dir)) {
                String name = version.getFileName().toString();
                if (name.matches("[1-9]\\d{0,17}") && Files.isRegularFile(version.resolve("model.json"))) {
                    found.add(new Candidate(version, name, fingerprint(version)));
                }
            }
        }
        return found;
    }

    private static List<Path> visibleDirectories(Path dir) throws InvalidModelException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidModelException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    /**
     * Names, sizes and modification times of the directory's files: it changes when a file is replaced, so a
     * watcher reloads a changed version without hashing every file on every scan.
     */
    static String fingerprint(Path dir) {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                b.append(f.getFileName()).append(':').append(a.size()).append(':').append(a.lastModifiedTime().toMillis()).append(';');
            }
        } catch (IOException e) {
            b.append("unreadable:").append(e.getMessage());
        }
        return b.toString();
    }
}
