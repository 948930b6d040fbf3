package dev.cvae.server;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import picocli.CommandLine.Option;

/** Per-connection limits of {@code cvae-server}'s transport, mixed into the command. */
public final class TransportLimits {
    /** HTTP/2 suggests at least 100; 256 leaves room for a client's streams without one connection taking the server. */
    static final int DEFAULT_MAX_CONCURRENT_STREAMS = 256;

    @Option(names = "--max-concurrent-streams", paramLabel = "N",
            defaultValue = "${env:CVAE_MAX_CONCURRENT_STREAMS:-" + DEFAULT_MAX_CONCURRENT_STREAMS + "}",
            description = "Calls (streams) open at once on one client connection; more wait in the client until one "
                    + "ends (HTTP/2 MAX_CONCURRENT_STREAMS) (CVAE_MAX_CONCURRENT_STREAMS, default 256).")
    int maxConcurrentStreams;

    /** @throws IllegalArgumentException naming the option with a bad value */
    void applyTo(NettyServerBuilder builder) {
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("--max-concurrent-streams must be >= 1, got " + maxConcurrentStreams);
        }
        builder.maxConcurrentCallsPerConnection(maxConcurrentStreams);
    }
}
