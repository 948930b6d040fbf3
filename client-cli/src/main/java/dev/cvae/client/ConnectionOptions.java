package dev.cvae.client;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options shared by every command that talks to a server: where, how securely, how long, which model. Mixed into
 * the top-level command with {@code scope = INHERIT}, so each option is accepted before the subcommand's name as
 * well as after it (after wins: it is parsed last); the values live in this one instance.
 *
 * <p>The target is any gRPC target: with {@code dns:///NAME:PORT} and {@code --lb round_robin} one client spreads its
 * calls over every address the name resolves to (the replicas behind a Kubernetes headless service), without a proxy.
 */
public final class ConnectionOptions {
    static final int MAX_RESPONSE_BYTES = 256 << 20;

    /** grpc-java's load-balancing policies that --lb accepts. */
    static final List<String> LOAD_BALANCING_POLICIES = List.of("pick_first", "round_robin");

    @Option(names = "--target", defaultValue = "${env:CVAE_TARGET:-localhost:50051}", paramLabel = "HOST:PORT", scope = ScopeType.INHERIT,
            description = "Server address, or a gRPC target such as dns:///cvae-headless:50051 (CVAE_TARGET, default localhost:50051).")
    String target;

    @Option(names = "--lb", defaultValue = "${env:CVAE_LB:-pick_first}", paramLabel = "POLICY", scope = ScopeType.INHERIT,
            description = "How calls spread over the addresses the target resolves to: pick_first (all to one) or round_robin "
                    + "(a connection to each, calls in turn), e.g. over a Kubernetes headless service (CVAE_LB, default pick_first).")
    String loadBalancing;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class, scope = ScopeType.INHERIT,
            description = "Deadline of each call, e.g. 500ms, 5s, 2m; a plain number is seconds (default 30s; health: 5s).")
    Duration timeout;

    @Option(names = "--model", defaultValue = "", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Model name (default: the server's default model; models and health ignore it).")
    String model;

    @Option(names = "--tls", scope = ScopeType.INHERIT, description = "Use TLS (implied by --ca, --cert and --key).")
    boolean tls;

    @Option(names = "--ca", paramLabel = "PEM", scope = ScopeType.INHERIT, description = "CA certificate(s) to trust instead of the system's.")
    File ca;

    @Option(names = "--cert", paramLabel = "PEM", scope = ScopeType.INHERIT, description = "Client certificate chain for mutual TLS (with --key).")
    File cert;

    @Option(names = "--key", paramLabel = "PEM", scope = ScopeType.INHERIT, description = "Client private key (PKCS#8 PEM) for mutual TLS (with --cert).")
    File key;

    @Option(names = "--token", defaultValue = "${env:CVAE_TOKEN}", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
            description = "Bearer token for a server with --auth-tokens, sent on every call; only over TLS or to a loopback "
                    + "address (CVAE_TOKEN, which unlike the command line other users cannot see).")
    String token;

    @Option(names = "--insecure-token", scope = ScopeType.INHERIT,
            description = "Send --token in plaintext to a non-loopback address too (e.g. behind a TLS-terminating proxy).")
    boolean insecureToken;

    public String target() {
        return target;
    }

    public String model() {
        return model;
    }

    /** The deadline of each call: --timeout, or {@code fallback}, the command's own default, when not given. */
    Duration deadline(Duration fallback, CommandLine cli) {
        Duration d = timeout != null ? timeout : fallback;
        if (d.isZero()) throw new CommandLine.ParameterException(cli, "--timeout must be more than 0, got " + DurationConverter.format(d));
        return d;
    }

    /** A channel to the target; plaintext unless a TLS option is given. */
    ManagedChannel open(CommandLine cli) {
        if ((cert == null) != (key == null)) throw new CommandLine.ParameterException(cli, "--cert and --key go together");
        if (!LOAD_BALANCING_POLICIES.contains(loadBalancing)) {
            throw new CommandLine.ParameterException(cli, "--lb: '" + loadBalancing + "' is not a load-balancing policy; expected "
                    + String.join(" or ", LOAD_BALANCING_POLICIES));
        }
        // a generate of many raw float32 images outgrows gRPC's default 4 MB message limit
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target).maxInboundMessageSize(MAX_RESPONSE_BYTES)
                .defaultLoadBalancingPolicy(loadBalancing);
        boolean secure = tls || ca != null || cert != null;
        if (token != null && !token.isEmpty()) builder.intercept(BearerToken.forCalls(token, target, secure, insecureToken, cli));
        if (!secure) return builder.usePlaintext().build();
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
