package dev.cvae.trainer.cli;

import dev.cvae.trainer.data.IdxFormatException;
import picocli.CommandLine;

/**
 * The exit codes of {@code cvae-train}, and the one place that turns a failure into one of them and a message on
 * the command's error stream: nothing deeper in the trainer exits the JVM.
 */
public final class ExitCodes implements CommandLine.IExecutionExceptionHandler {
    public static final int OK = 0;
    /** Training, reporting or writing failed. */
    public static final int FAILURE = 1;
    /** A bad command-line option (picocli's code for invalid input), or one that only the data could check. */
    public static final int USAGE = 2;
    /** A bad data file; the message names it. */
    public static final int BAD_DATA = 3;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (ex instanceof IdxFormatException) {
            cmd.getErr().println("cvae-train: bad data: " + ex.getMessage());
            return BAD_DATA;
        }
        if (ex instanceof IllegalArgumentException) {
            // options that only the data can check (a conv stack that does not tile the images, an unknown attribute)
            cmd.getErr().println("cvae-train: " + ex.getMessage());
            return USAGE;
        }
        cmd.getErr().println("cvae-train: failed: " + ex);
        return FAILURE;
    }
}
