package dev.cvae.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvae.api.ProjectVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** cvae-server -V prints the version the server was built as, and starts nothing. */
class ServerCommandVersionTest {
    @Test
    void versionPrintsTheProjectVersion() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ServerCommand());
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("-V"));
        assertEquals("cvae-server " + ProjectVersion.get(), out.toString().strip());
    }
}
