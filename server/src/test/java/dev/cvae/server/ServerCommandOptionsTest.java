package dev.cvae.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A bad shutdown period or port is a usage error (exit 2) that names the option and the value, before anything starts. */
class ServerCommandOptionsTest {
    @Test
    void aNegativeDrainIsRejectedWithItsName() {
        assertUsageError("shutdown-drain-seconds must be >= 0, got -1", "--shutdown-drain-seconds", "-1");
    }

    @Test
    void aNegativeGraceIsRejectedWithItsName() {
        assertUsageError("shutdown-grace-seconds must be >= 0, got -5", "--shutdown-grace-seconds", "-5");
    }

    @Test
    void anExplorerPortOutOfRangeIsRejectedWithItsName() {
        assertUsageError("http-port must be 0..65535, got 70000", "--http-port", "70000");
    }

    private static void assertUsageError(String message, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ServerCommand());
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute(args));
        assertTrue(err.toString().startsWith(message), err.toString());
    }
}
