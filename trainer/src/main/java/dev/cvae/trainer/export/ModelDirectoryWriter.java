package dev.cvae.trainer.export;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a model directory so that a reader never sees it half-written: every file goes into a hidden
 * temporary sibling directory, is flushed to disk, and the directory is then renamed into place. A previous
 * model of the same name is moved aside first and deleted only after the new one is in place. If anything
 * fails, the temporary directory is removed and the previous model, if any, is left as it was.
 */
public final class ModelDirectoryWriter {
    private ModelDirectoryWriter() {
    }

    /** Writes {@code files} (relative path -> content) as directory {@code target}, replacing any old one. */
    public static void write(Path target, Map<String, byte[]> files) {
        Path parent = target.toAbsolutePath().getParent();
        String name = target.getFileName().toString();
        Path temp = parent.resolve("." + name + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(parent);
            Files.createDirectory(temp);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path path = temp.resolve(file.getKey()).normalize();
                if (!path.startsWith(temp)) throw new IllegalArgumentException("file outside the model: " + file.getKey());
                Files.createDirectories(path.getParent());
                writeDurably(path, file.getValue());
            }
            Path old = null;
            if (Files.exists(target)) {
                old = parent.resolve("." + name + ".old-" + UUID.randomUUID());
                move(target, old);
            }
            move(temp, target);
            if (old != null) deleteTree(old);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot write model directory " + target, e);
        } catch (RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    private static void writeDurably(Path path, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException ignored) {
            // best effort: the directory is hidden and never read as a model
        }
    }

    /** Removes a directory and everything in it; nothing happens if it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Every regular file under {@code dir} (hidden ones too), by path relative to it with '/' separators. */
    public static Map<String, byte[]> readAll(Path dir) {
        Map<String, byte[]> files = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                files.put(dir.relativize(p).toString().replace(java.io.File.separatorChar, '/'), Files.readAllBytes(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return files;
    }
}
