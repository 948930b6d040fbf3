package dev.cvae.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The options every command shares are accepted before the command's name too, and -V names the version. */
class SharedOptionsTest extends WithRealServer {
    @Test
    void connectionOptionsAndJsonWorkBeforeTheCommand() throws Exception {
        assertEquals(ExitCodes.OK, client.run("--target", server.target(), "--timeout", "10s", "models"), client.err());
        assertTrue(client.out().contains("mnist (default)  version 1"), client.out());

        ClientRun asJson = new ClientRun();
        assertEquals(ExitCodes.OK, asJson.run("--json", "--target", server.target(), "models"), asJson.err());
        assertTrue(new ObjectMapper().readTree(asJson.out()).get("models").size() >= 4, asJson.out());
    }

    @Test
    void theModelBeforeTheCommandChoosesTheModel() {
        int exit = client.run("--target", server.target(), "--model", "fashion-mnist", "generate", "--label", "Dress", "--count", "1",
                "--seed", "1", "--out", dir.resolve("dress.png").toString());
        assertEquals(ExitCodes.OK, exit, client.err());
        assertTrue(client.out().contains("from model fashion-mnist"), client.out());
    }

    @Test
    void theCommandsOwnValueWinsWhenAnOptionIsGivenTwice() throws Exception {
        assertEquals(ExitCodes.OK, client.run("--target", "127.0.0.1:" + deadPort(), "models", "--target", server.target()), client.err());
        assertTrue(client.out().contains("mnist (default)"), client.out());

        ClientRun dead = new ClientRun();
        int port = deadPort();
        assertEquals(ExitCodes.SERVER_ERROR, dead.run("--target", server.target(), "models", "--target", "127.0.0.1:" + port));
        assertTrue(dead.err().startsWith("cvae-client: cannot reach the server at 127.0.0.1:" + port), dead.err());
    }

    @Test
    void theTopLevelHelpListsTheSharedOptions() {
        assertEquals(ExitCodes.OK, client.run("--help"));
        for (String option : new String[] {"--target=HOST:PORT", "--lb=POLICY", "--timeout=DURATION", "--tls", "--ca=PEM", "--cert=PEM", "--key=PEM",
                "--model=NAME", "--json", "health"}) {
            assertTrue(client.out().contains(option), option + " in\n" + client.out());
        }
    }

    @Test
    void versionPrintsTheProjectVersionForTheClientAndEachCommand() {
        assertEquals(ExitCodes.OK, client.run("-V"));
        assertTrue(client.out().strip().matches("cvae-client \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), client.out());

        ClientRun sub = new ClientRun();
        assertEquals(ExitCodes.OK, sub.run("models", "--version"));
        assertEquals(client.out(), sub.out());
    }

    /** A port nothing listens on. */
    static int deadPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
