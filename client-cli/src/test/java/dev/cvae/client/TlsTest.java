package dev.cvae.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's TLS options against a TLS server with a throwaway self-signed certificate (made with openssl). */
class TlsTest {
    @TempDir
    static Path dir;
    static Path cert;
    static Path key;

    @BeforeAll
    static void makeCertificate() throws IOException, InterruptedException {
        cert = dir.resolve("cert.pem");
        key = dir.resolve("key.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-keyout", key.toString(), "-out", cert.toString(), "-subj", "/CN=localhost",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl failed: " + output);
    }

    @Test
    void tlsWithAPrivateCa() throws Exception {
        try (TestServer server = new TestServer(cert.toFile(), key.toFile())) {
            ClientRun secure = new ClientRun();
            assertEquals(ExitCodes.OK, secure.run("models", "--target", server.target(), "--ca", cert.toString()), secure.err());
            assertTrue(secure.out().contains("mnist (default)"), secure.out());

            ClientRun plaintext = new ClientRun();
            assertEquals(ExitCodes.SERVER_ERROR, plaintext.run("models", "--target", server.target(), "--timeout", "5"));
            ClientRun untrusted = new ClientRun();
            assertEquals(ExitCodes.SERVER_ERROR, untrusted.run("models", "--target", server.target(), "--tls", "--timeout", "5"),
                    "the system's CAs do not trust a self-signed certificate");
        }
    }

    @Test
    void mutualTlsRequiresTheClientCertificate() throws Exception {
        try (TestServer server = new TestServer(cert.toFile(), key.toFile(), cert.toFile())) {
            ClientRun withCert = new ClientRun();
            assertEquals(ExitCodes.OK, withCert.run("models", "--target", server.target(), "--ca", cert.toString(),
                    "--cert", cert.toString(), "--key", key.toString()), withCert.err());
            ClientRun withoutCert = new ClientRun();
            assertEquals(ExitCodes.SERVER_ERROR, withoutCert.run("models", "--target", server.target(), "--ca", cert.toString(), "--timeout", "5"));
        }
    }

    @Test
    void certWithoutKeyIsAUsageError() {
        ClientRun run = new ClientRun();
        assertEquals(ExitCodes.USAGE, run.run("models", "--cert", cert.toString()));
        assertTrue(run.err().contains("--cert and --key go together"), run.err());
    }
}
