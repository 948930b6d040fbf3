package dev.cvae.server.security;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server's TLS from PEM files: a certificate chain and its key (PKCS#8, PKCS#1 or EC, see {@link PemFiles}),
 * and optionally a CA whose client certificates are required (mutual TLS). The files are watched
 * ({@link WatchedFiles}): replaced files are used for new connections without a restart, through grpc-java's
 * {@link AdvancedTlsX509KeyManager} and {@link AdvancedTlsX509TrustManager}, which the TLS handshake asks each
 * time; connections already open keep the credentials they started with. A replacement that cannot be used (a key
 * that does not match the certificate, because only one of the two files has been replaced yet) is logged and the
 * previous credentials stay.
 *
 * <p>Lifecycle: {@link #start} checks the files and starts watching them; {@link #context()} goes to the
 * server's builder; {@link #close} stops watching. Thread-safe.
 */
public final class ServerTls implements AutoCloseable {
    private final SslContext context;
    private final X509ExtendedKeyManager keys;
    private final X509ExtendedTrustManager clientTrust;
    private final List<WatchedFiles<?>> watched;

    private ServerTls(SslContext context, X509ExtendedKeyManager keys, X509ExtendedTrustManager clientTrust, List<WatchedFiles<?>> watched) {
        this.context = context;
        this.keys = keys;
        this.clientTrust = clientTrust;
        this.watched = List.copyOf(watched);
    }

    /** A certificate chain, leaf first, and the key of its leaf. */
    private record Identity(X509Certificate[] chain, PrivateKey key) {
        static Identity read(Path certChain, Path privateKey) throws IOException {
            X509Certificate[] chain = PemFiles.certificates(certChain);
            PrivateKey key = PemFiles.privateKey(privateKey);
            PemFiles.checkPair(chain[0], key, certChain, privateKey);
            return new Identity(chain, key);
        }
    }

    /**
     * @param clientCa null for no client certificates
     * @param interval how often the files are checked for a change
     * @throws IllegalArgumentException naming the option or the file that is missing or cannot be used
     */
    public static ServerTls start(File certChain, File privateKey, File clientCa, Duration interval) {
        if (certChain == null || privateKey == null) throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        for (File f : new File[] {certChain, privateKey, clientCa}) {
            if (f != null && !f.isFile()) throw new IllegalArgumentException("cannot read " + f);
        }
        Path cert = certChain.toPath();
        Path key = privateKey.toPath();
        List<WatchedFiles<?>> watched = new ArrayList<>();
        try {
            AdvancedTlsX509KeyManager keys = new AdvancedTlsX509KeyManager();
            watched.add(WatchedFiles.start("TLS certificate and key", List.of(cert, key), interval,
                    () -> Identity.read(cert, key), id -> keys.updateIdentityCredentials(id.chain(), id.key())));
            SslContextBuilder ssl = GrpcSslContexts.configure(SslContextBuilder.forServer(keys));
            X509ExtendedTrustManager clientTrust = null;
            if (clientCa != null) {
                Path ca = clientCa.toPath();
                AdvancedTlsX509TrustManager trust = AdvancedTlsX509TrustManager.newBuilder()
                        .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION).build();
                watched.add(WatchedFiles.start("TLS client CA", List.of(ca), interval, () -> PemFiles.certificates(ca),
                        certificates -> trustOnly(trust, certificates, ca)));
                clientTrust = new UnnamedIssuers(trust);
                ssl.trustManager(clientTrust).clientAuth(ClientAuth.REQUIRE);
            }
            return new ServerTls(ssl.build(), keys, clientTrust, watched);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            watched.forEach(WatchedFiles::close);
            throw new IllegalArgumentException("TLS set-up failed: " + e.getMessage(), e);
        }
    }

    private static void trustOnly(AdvancedTlsX509TrustManager trust, X509Certificate[] certificates, Path ca) {
        try {
            trust.updateTrustCredentials(certificates);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(ca + ": cannot trust these certificates (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The client CA's trust manager, without naming the CA in the handshake. The server's TLS context takes the list
     * of acceptable issuers it sends clients once, when it is built, so after the CA file changes it would still
     * name the old CA, and a client whose certificate the new CA signed would find none to send. Without a list a
     * client sends its certificate, and the check against the current CA decides.
     */
    private static final class UnnamedIssuers extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager trust;

        UnnamedIssuers(X509ExtendedTrustManager trust) {
            this.trust = trust;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            trust.checkClientTrusted(chain, authType, socket);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            trust.checkClientTrusted(chain, authType, engine);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            trust.checkServerTrusted(chain, authType, socket);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            trust.checkServerTrusted(chain, authType, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            trust.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** For {@code NettyServerBuilder.sslContext}. */
    public SslContext context() {
        return context;
    }

    /**
     * The server's certificate and key as the handshake asks for them, for another listener (the HTTP adapter's):
     * replaced files reach it as they reach gRPC.
     */
    public X509ExtendedKeyManager keyManager() {
        return keys;
    }

    /** The check of client certificates against the client CA, when one is required (mutual TLS). */
    public Optional<X509ExtendedTrustManager> clientTrust() {
        return Optional.ofNullable(clientTrust);
    }

    /** Why a changed file is not in use, while one is not (for tests and diagnostics). */
    public List<String> problems() {
        return watched.stream().flatMap(w -> w.problem().stream()).toList();
    }

    @Override
    public void close() {
        watched.forEach(WatchedFiles::close);
    }
}
