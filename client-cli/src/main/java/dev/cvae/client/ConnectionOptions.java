package dev.cvae.client;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import javax.net.ssl.SSLException;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options shared by every command that talks to a server: where, how securely, how long, which model. */
public final class ConnectionOptions {
    static final int MAX_RESPONSE_BYTES = 256 << 20;

    @Option(names = "--target", defaultValue = "${env:CVAE_TARGET:-localhost:50051}", paramLabel = "HOST:PORT",
            description = "Server address (CVAE_TARGET, default localhost:50051).")
    String target;

    @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS", description = "Deadline of each call in seconds (default 30).")
    long timeoutSeconds;

    @Option(names = "--model", defaultValue = "", description = "Model name (default: the server's default model).")
    String model;

    @Option(names = "--tls", description = "Use TLS (implied by --ca, --cert and --key).")
    boolean tls;

    @Option(names = "--ca", paramLabel = "PEM", description = "CA certificate(s) to trust instead of the system's.")
    File ca;

    @Option(names = "--cert", paramLabel = "PEM", description = "Client certificate chain for mutual TLS (with --key).")
    File cert;

    @Option(names = "--key", paramLabel = "PEM", description = "Client private key (PKCS#8 PEM) for mutual TLS (with --cert).")
    File key;

    public String target() {
        return target;
    }

    public String model() {
        return model;
    }

    public long timeoutSeconds() {
        return timeoutSeconds;
    }

    /** A channel to the target; plaintext unless a TLS option is given. */
    ManagedChannel open(CommandLine cli) {
        if (timeoutSeconds < 1) throw new CommandLine.ParameterException(cli, "--timeout must be >= 1 second, got " + timeoutSeconds);
        if ((cert == null) != (key == null)) throw new CommandLine.ParameterException(cli, "--cert and --key go together");
        // a generate of many raw float32 images outgrows gRPC's default 4 MB message limit
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target).maxInboundMessageSize(MAX_RESPONSE_BYTES);
        if (!(tls || ca != null || cert != null)) return builder.usePlaintext().build();
        for (File f : new File[] {ca, cert, key}) {
            if (f != null && !f.isFile()) throw new CommandLine.ParameterException(cli, "cannot read " + f);
        }
        try {
            SslContextBuilder ssl = GrpcSslContexts.forClient();
            if (ca != null) ssl.trustManager(ca);
            if (cert != null) ssl.keyManager(cert, key);
            return builder.sslContext(ssl.build()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "TLS set-up failed: " + e.getMessage());
        }
    }
}
