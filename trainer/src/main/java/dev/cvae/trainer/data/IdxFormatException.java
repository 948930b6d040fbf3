package dev.cvae.trainer.data;

import java.nio.file.Path;

/** A data file that cannot be used for training; the message names the file and what is wrong with it. */
public final class IdxFormatException extends RuntimeException {
    private final Path file;

    public IdxFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The offending file (or directory, when a file is missing). */
    public Path file() {
        return file;
    }
}
