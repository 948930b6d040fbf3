package dev.cvae.client;

/** Exit codes of every cvae-client command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The server answered with an error, or could not be reached. */
    public static final int SERVER_ERROR = 1;
    /** The command line is wrong (unknown option, bad value, unknown label). */
    public static final int USAGE = 2;

    private ExitCodes() {
    }
}
