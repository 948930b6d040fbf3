package dev.cvae.client;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs cvae-client in-process as a user would, capturing its output and exit code. */
final class ClientRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    int run(String... args) {
        var cli = CvaeClient.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
