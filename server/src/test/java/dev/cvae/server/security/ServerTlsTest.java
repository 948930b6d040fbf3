package dev.cvae.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.grpc.CvaeServer;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.testing.Await;
import dev.cvae.server.testing.FakeModel;
import dev.cvae.server.testing.TestCertificates;
import dev.cvae.server.testing.TestCertificates.KeyFormat;
import dev.cvae.server.testing.TestCertificates.Pair;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;

/**
 * The server's TLS over a real loopback socket, with throwaway CAs and keys made by openssl: every key format
 * OpenSSL writes, clear refusals of keys it cannot use, and certificates (and client CAs) replaced while it runs.
 */
class ServerTlsTest {
    private static final Duration POLL = Duration.ofMillis(50);

    @TempDir
    static Path dir;
    static TestCertificates certificates;
    static Pair ca1;
    static Pair ca2;

    @TempDir
    Path served;

    @BeforeAll
    static void authorities() throws Exception {
        certificates = new TestCertificates(dir);
        ca1 = certificates.authority("ca1");
        ca2 = certificates.authority("ca2");
    }

    @Test
    void serversWithPkcs8Pkcs1AndEcKeysAnswerClientsThatTrustTheirCa() throws Exception {
        for (KeyFormat format : List.of(KeyFormat.PKCS8_RSA, KeyFormat.PKCS8_EC, KeyFormat.PKCS1_RSA, KeyFormat.SEC1_EC)) {
            Pair leaf = certificates.leaf("leaf-" + format, ca1, format);
            try (ServerTls tls = ServerTls.start(leaf.cert().toFile(), leaf.key().toFile(), null, POLL);
                 Running server = new Running(tls)) {
                assertEquals(ServingStatus.SERVING, server.health(ca1, null), format.name());
            }
        }
    }

    @Test
    void anEncryptedKeyIsRefusedNamingTheFileAndHowToDecryptIt() throws Exception {
        for (KeyFormat format : List.of(KeyFormat.ENCRYPTED_PKCS1_RSA, KeyFormat.ENCRYPTED_PKCS8)) {
            Pair leaf = certificates.leaf("encrypted-" + format, ca1, format);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServerTls.start(leaf.cert().toFile(), leaf.key().toFile(), null, POLL));
            assertEquals("TLS set-up failed: " + leaf.key() + ": the private key is encrypted and the server has no passphrase; "
                    + "decrypt it (openssl pkey -in " + leaf.key() + " -out key.pem) and keep the result readable only by the server",
                    e.getMessage(), format.name());
        }
    }

    @Test
    void garbageAndAKeyOfAnotherCertificateAreRefusedNamingTheFile() throws Exception {
        Pair leaf = certificates.leaf("leaf-garbage", ca1, KeyFormat.PKCS8_RSA);
        Path garbage = Files.writeString(dir.resolve("garbage.key"), "not a key\n");
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
                () -> ServerTls.start(leaf.cert().toFile(), garbage.toFile(), null, POLL));
        assertEquals("TLS set-up failed: " + garbage + ": no private key (expected -----BEGIN PRIVATE KEY-----, -----BEGIN RSA "
                + "PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----; found no PEM block)", noKey.getMessage());

        IllegalArgumentException certAsKey = assertThrows(IllegalArgumentException.class,
                () -> ServerTls.start(leaf.cert().toFile(), leaf.cert().toFile(), null, POLL));
        assertTrue(certAsKey.getMessage().endsWith("no private key (expected -----BEGIN PRIVATE KEY-----, -----BEGIN RSA "
                + "PRIVATE KEY----- or -----BEGIN EC PRIVATE KEY-----; found CERTIFICATE)"), certAsKey.getMessage());

        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> ServerTls.start(leaf.cert().toFile(), ca1.key().toFile(), null, POLL));
        assertTrue(mismatch.getMessage().startsWith("TLS set-up failed: " + ca1.key() + ": this RSA key does not belong to the "
                + "certificate in " + leaf.cert()), mismatch.getMessage());
    }

    @Test
    void replacedCertificateFilesAreServedToNewConnectionsWithoutARestart() throws Exception {
        Pair old = certificates.leaf("rotate-old", ca1, KeyFormat.PKCS1_RSA);
        Pair next = certificates.leaf("rotate-new", ca2, KeyFormat.SEC1_EC);
        Pair files = install(old, new Pair(served.resolve("cert.pem"), served.resolve("key.pem")));
        try (ServerTls tls = ServerTls.start(files.cert().toFile(), files.key().toFile(), null, POLL);
             Running server = new Running(tls)) {
            assertEquals(ServingStatus.SERVING, server.health(ca1, null));
            assertThrows(StatusRuntimeException.class, () -> server.health(ca2, null), "CA2 does not trust CA1's certificate");

            install(next, files);
            Await.until("a client trusting CA2 connects", () -> server.answers(ca2, null));
            assertThrows(StatusRuntimeException.class, () -> server.health(ca1, null), "the old certificate is no longer served");
            assertTrue(tls.problems().isEmpty(), String.valueOf(tls.problems()));
        }
    }

    @Test
    void aReplacementThatCannotBeUsedIsReportedAndTheOldCertificateKeepsServing() throws Exception {
        Pair files = install(certificates.leaf("keep-old", ca1, KeyFormat.PKCS8_EC),
                new Pair(served.resolve("cert.pem"), served.resolve("key.pem")));
        try (ServerTls tls = ServerTls.start(files.cert().toFile(), files.key().toFile(), null, POLL);
             Running server = new Running(tls)) {
            Files.writeString(files.key(), "-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n");
            Await.until("the bad key is reported", () -> !tls.problems().isEmpty());
            assertTrue(tls.problems().get(0).contains(files.key() + ": the PRIVATE KEY block is not valid base64"), tls.problems().get(0));
            assertEquals(ServingStatus.SERVING, server.health(ca1, null));
        }
    }

    @Test
    void aReplacedClientCaIsTrustedForNewConnections() throws Exception {
        Pair leaf = certificates.leaf("mtls-server", ca1, KeyFormat.PKCS8_RSA);
        Pair client2 = certificates.leaf("mtls-client2", ca2, KeyFormat.PKCS8_RSA);
        Path clientCa = Files.copy(ca1.cert(), served.resolve("client-ca.pem"));
        try (ServerTls tls = ServerTls.start(leaf.cert().toFile(), leaf.key().toFile(), clientCa.toFile(), POLL);
             Running server = new Running(tls)) {
            assertThrows(StatusRuntimeException.class, () -> server.health(ca1, client2), "CA1 did not sign the client's certificate");
            Files.copy(ca2.cert(), clientCa, StandardCopyOption.REPLACE_EXISTING);
            Await.until("a client certificate of CA2 is accepted", () -> server.answers(ca1, client2));
        }
    }

    /** Copies the certificate, then the key, over {@code to}'s files, as an operator's rotation would. */
    private static Pair install(Pair from, Pair to) throws IOException {
        Files.copy(from.cert(), to.cert(), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(from.key(), to.key(), StandardCopyOption.REPLACE_EXISTING);
        return to;
    }

    /** The real server, serving a fake model, with this TLS on a loopback port. */
    private static final class Running implements AutoCloseable {
        private final CvaeServer server;
        private final reactor.core.scheduler.Scheduler images = Schedulers.newSingle("tls-test-images");

        Running(ServerTls tls) throws IOException {
            FakeModel fake = new FakeModel(new BatchPolicy(8, Duration.ZERO, 64, 1), false);
            server = new CvaeServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).sslContext(tls.context()),
                    ModelRegistry.of(List.of(fake.model), "fake"), new CvaeOperations(images), 64, 64).start();
        }

        /** Health over a new TLS connection that trusts {@code ca}, presenting {@code client} when given. */
        ServingStatus health(Pair ca, Pair client) throws Exception {
            SslContextBuilder ssl = GrpcSslContexts.forClient().trustManager(ca.cert().toFile());
            if (client != null) ssl.keyManager(client.cert().toFile(), client.key().toFile());
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).sslContext(ssl.build()).build();
            try {
                return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .check(HealthCheckRequest.getDefaultInstance()).getStatus();
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }

        boolean answers(Pair ca, Pair client) {
            try {
                return health(ca, client) == ServingStatus.SERVING;
            } catch (Exception e) {
                return false;
            }
        }

        @Override
        public void close() throws InterruptedException {
            server.shutdown(5, TimeUnit.SECONDS);
            images.dispose();
        }
    }
}
