package dev.cvae.client;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Base of client tests that run commands against one real plaintext server on a loopback socket. */
abstract class WithRealServer {
    static TestServer server;

    @TempDir
    Path dir;

    final ClientRun client = new ClientRun();

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestServer(null, null);
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        server.close();
    }
}
