package dev.cvae.client;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import picocli.CommandLine.Option;

/** Options shared by every command that talks to a server. */
public final class ConnectionOptions {
    @Option(names = "--target", defaultValue = "${env:CVAE_TARGET:-localhost:50051}", paramLabel = "HOST:PORT",
            description = "Server address (CVAE_TARGET, default localhost:50051).")
    String target;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS", description = "Deadline of each call (default 30).")
    long timeoutSeconds;

    @Option(names = "--model", defaultValue = "", description = "Model name (default: the server's default model).")
    String model;

    public String target() {
        return target;
    }

    public String model() {
        return model;
    }

    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    ManagedChannel open() {
        return NettyChannelBuilder.forTarget(target).usePlaintext().build();
    }
}
