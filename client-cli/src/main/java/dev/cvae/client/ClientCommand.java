package dev.cvae.client;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Spec;

/**
 * Base of the subcommands that talk to a server. Their shared options (connection, --model, --json) are
 * declared once on {@link CvaeClient} and inherited, so they are read from there; a subcommand therefore runs
 * only under {@link CvaeClient#commandLine()}.
 */
abstract class ClientCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    CommandLine cli() {
        return spec.commandLine();
    }

    /** The top-level command, which holds the shared options, however deep this subcommand is. */
    private CvaeClient root() {
        return (CvaeClient) spec.root().userObject();
    }

    ConnectionOptions connection() {
        return root().connection;
    }

    /** Whether --json was given. */
    boolean json() {
        return root().json.enabled();
    }

    /** The deadline of each call when --timeout is not given; commands that must answer fast shorten it. */
    Duration defaultTimeout() {
        return Duration.ofSeconds(30);
    }

    ServerSession connect() {
        return new ServerSession(connection(), connection().deadline(defaultTimeout(), cli()), cli());
    }
}
