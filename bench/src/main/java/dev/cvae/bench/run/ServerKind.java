package dev.cvae.bench.run;

import java.util.List;

/** The servers every load runs against, in the same run: the server as shipped, with batching off, and the echo. */
public enum ServerKind {
    /** {@code cvae-server} with its defaults. */
    DEFAULT("default", List.of()),
    /** {@code cvae-server --max-batch 1}: every row runs alone. */
    MAX_BATCH_1("max-batch-1", List.of("--max-batch", "1")),
    /** The echo service: the gRPC + Reactor stack with nothing behind it. */
    ECHO("echo", List.of());

    private final String label;
    private final List<String> serverOptions;

    ServerKind(String label, List<String> serverOptions) {
        this.label = label;
        this.serverOptions = serverOptions;
    }

    /** As written in the report and in file names. */
    public String label() {
        return label;
    }

    /** The options {@code cvae-server} is started with (none for the echo server). */
    public List<String> serverOptions() {
        return serverOptions;
    }
}
