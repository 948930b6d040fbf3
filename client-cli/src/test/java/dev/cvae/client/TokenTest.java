package dev.cvae.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --token against a real server that requires bearer tokens, on a loopback socket; and where a token may go. */
class TokenTest {
    private static final String TOKEN = "ci-token-0123456789abcdef0123";

    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.withTokens(Files.writeString(dir.resolve("tokens"), "ci " + TOKEN + "\n"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
    }

    @Test
    void theTokenIsSentWithEveryCall() {
        ClientRun models = new ClientRun();
        assertEquals(ExitCodes.OK, models.run("models", "--target", server.target(), "--token", TOKEN), models.err());
        assertTrue(models.out().contains("mnist (default)"), models.out());
        ClientRun generate = new ClientRun();
        assertEquals(ExitCodes.OK, generate.run("generate", "--target", server.target(), "--token", TOKEN, "--label", "3",
                "--count", "1", "--out", dir.resolve("three.png").toString()), generate.err());
    }

    @Test
    void withoutAValidTokenTheServersAnswerIsShownAndTheTokenIsNot() {
        ClientRun none = new ClientRun();
        assertEquals(ExitCodes.SERVER_ERROR, none.run("models", "--target", server.target()));
        assertTrue(none.err().contains("answered UNAUTHENTICATED: missing credentials"), none.err());
        ClientRun wrong = new ClientRun();
        assertEquals(ExitCodes.SERVER_ERROR, wrong.run("models", "--target", server.target(), "--token", "not-" + TOKEN));
        assertTrue(wrong.err().contains("answered UNAUTHENTICATED: the bearer token is not valid"), wrong.err());
        assertFalse(wrong.err().contains(TOKEN), wrong.err());
    }

    @Test
    void healthNeedsNoToken() {
        ClientRun health = new ClientRun();
        assertEquals(ExitCodes.OK, health.run("health", "--target", server.target()), health.err());
    }

    @Test
    void aTokenIsNotSentInPlaintextToAnotherMachineUnlessAskedTo() {
        ClientRun refused = new ClientRun();
        assertEquals(ExitCodes.USAGE, refused.run("models", "--target", "cvae.example:50051", "--token", TOKEN));
        assertTrue(refused.err().contains("--token goes only over TLS or to a loopback address, and cvae.example:50051 is neither; "
                + "add --tls (or --ca), or --insecure-token to send it in plaintext"), refused.err());
        assertFalse(refused.err().contains(TOKEN), refused.err());

        ClientRun insecure = new ClientRun();
        assertEquals(ExitCodes.SERVER_ERROR, insecure.run("models", "--target", "192.0.2.1:50051", "--token", TOKEN,
                "--insecure-token", "--timeout", "200ms"), "allowed, then no server answers at a documentation address");
    }

    @Test
    void loopbackTargetsAreLiteralLocalAddresses() {
        for (String local : new String[] {"localhost:50051", "127.0.0.1:1", "127.1.2.3:1", "[::1]:50051", "dns:///localhost:1",
                "unix:/run/cvae.sock"}) {
            assertTrue(BearerToken.isLoopback(local), local);
        }
        for (String remote : new String[] {"cvae.example:50051", "10.0.0.1:50051", "[2001:db8::1]:50051", "localhost.example:1",
                "dns://8.8.8.8/cvae.example:1"}) {
            assertFalse(BearerToken.isLoopback(remote), remote);
        }
    }
}
