package dev.cvae.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the things the benchmark runs are: the repository, the JVM, the server and client jars that
 * {@code bench/run.sh} built, the bundled models and the trainer's launcher. The benchmark runs them as a user
 * would: {@code java -jar} for the server and the client, {@code bin/cvae-train} for the trainer.
 *
 * @param benchClasspath this JVM's class path, for the echo server's process
 */
public record Installation(Path root, Path java, Path serverJar, Path clientJar, String benchClasspath, Path models, Path trainer) {
    public Installation {
        for (Path jar : List.of(serverJar, clientJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(jar + " is missing; build it with bench/run.sh (or ./mvnw -B -pl bench -am package -DskipTests)");
            }
        }
        if (!Files.isDirectory(models)) throw new IllegalArgumentException("models: " + models + " is not a directory of model directories");
    }

    /** The layout of a checkout at {@code root}, run with this JVM. */
    public static Installation of(Path root) {
        Path r = root.toAbsolutePath().normalize();
        return new Installation(r, Path.of(System.getProperty("java.home"), "bin", "java"), r.resolve("server/target/cvae-server.jar"),
                r.resolve("client-cli/target/cvae-client.jar"), System.getProperty("java.class.path"), r.resolve("models"),
                r.resolve("bin/cvae-train"));
    }

    /** The bundled models' names (the sub-directories of models/ with a model.json), sorted. */
    public List<String> modelNames() {
        try (var dirs = Files.list(models)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("model.json")) && !d.getFileName().toString().startsWith("."))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
