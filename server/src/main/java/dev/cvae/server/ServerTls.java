package dev.cvae.server;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.File;
import javax.net.ssl.SSLException;

/** The server's TLS context from PEM files: a certificate chain and key, optionally a CA for client certificates. */
public final class ServerTls {
    private ServerTls() {
    }

    /** @throws IllegalArgumentException naming the option that is missing or unreadable */
    public static SslContext context(File certChain, File privateKey, File clientCa) {
        if (certChain == null || privateKey == null) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        for (File f : new File[] {certChain, privateKey, clientCa}) {
            if (f != null && !f.isFile()) throw new IllegalArgumentException("cannot read " + f);
        }
        try {
            SslContextBuilder ssl = GrpcSslContexts.forServer(certChain, privateKey);
            if (clientCa != null) ssl.trustManager(clientCa).clientAuth(ClientAuth.REQUIRE);
            return ssl.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("TLS set-up failed: " + e.getMessage(), e);
        }
    }
}
