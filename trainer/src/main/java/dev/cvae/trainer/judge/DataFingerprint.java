package dev.cvae.trainer.judge;

import dev.cvae.trainer.export.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The SHA-256 of every regular file in a data directory, by file name: what a judge was trained on, so that it
 * is evaluated against the same test images and never against other ones by mistake.
 */
public final class DataFingerprint {
    private DataFingerprint() {
    }

    public static Map<String, String> of(Path directory) {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                hashes.put(file.getFileName().toString(), Sha256.hex(Files.readAllBytes(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read data directory " + directory, e);
        }
        return hashes;
    }

    /** Fails, naming the first file that differs, unless {@code directory} holds exactly the files of {@code expected}. */
    public static void check(Path directory, Map<String, String> expected) {
        Map<String, String> actual = of(directory);
        if (actual.equals(expected)) return;
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String found = actual.get(e.getKey());
            if (!e.getValue().equals(found)) {
                throw new IllegalArgumentException("--data " + directory + ": " + e.getKey() + " has SHA-256 "
                        + (found == null ? "(missing)" : found) + ", the judge was trained on " + e.getValue());
            }
        }
        throw new IllegalArgumentException("--data " + directory + " holds files the judge was not trained with: "
                + actual.keySet() + " against " + expected.keySet());
    }
}
