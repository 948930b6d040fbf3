package dev.cvae.client;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Base of the commands that talk to a server: the connection options and --json, shared by all of them. */
abstract class ClientCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    JsonOption json;

    CommandLine cli() {
        return spec.commandLine();
    }

    ServerSession connect() {
        return new ServerSession(connection, cli());
    }
}
