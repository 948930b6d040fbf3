package dev.cvae.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvae.api.v1.CvaeServiceGrpc;
import org.junit.jupiter.api.Test;

/** cvae-client health against the real server's grpc.health.v1.Health service: exit 0 only when SERVING. */
class HealthCommandTest extends WithRealServer {
    @Test
    void aServingServerExitsZero() {
        assertEquals(ExitCodes.OK, client.run("health", "--target", server.target()), client.err());
        assertEquals("SERVING: the server at " + server.target(), client.out().strip());
    }

    @Test
    void aServingServiceExitsZeroAndPrintsJson() throws Exception {
        assertEquals(ExitCodes.OK, client.run("--json", "--target", server.target(), "health", "--service", CvaeServiceGrpc.SERVICE_NAME),
                client.err());
        JsonNode r = new ObjectMapper().readTree(client.out());
        assertEquals(server.target(), r.get("target").asText());
        assertEquals(CvaeServiceGrpc.SERVICE_NAME, r.get("service").asText());
        assertEquals("SERVING", r.get("status").asText());
    }

    @Test
    void anUnknownServiceExitsOneAndSaysSo() {
        assertEquals(ExitCodes.SERVER_ERROR, client.run("health", "--target", server.target(), "--service", "no.such.Service"));
        assertEquals("SERVICE_UNKNOWN: the server at " + server.target() + " knows no service 'no.such.Service'", client.out().strip());
    }

    @Test
    void anUnreachableServerExitsOneWithAOneLineError() throws Exception {
        int port = SharedOptionsTest.deadPort();
        assertEquals(ExitCodes.SERVER_ERROR, client.run("health", "--target", "127.0.0.1:" + port, "--timeout", "2s"));
        assertTrue(client.err().startsWith("cvae-client: cannot reach the server at 127.0.0.1:" + port), client.err());
        assertEquals(1, client.err().strip().lines().count(), "one line");
        assertEquals("", client.out());
    }

    @Test
    void aZeroTimeoutIsAUsageError() {
        assertEquals(ExitCodes.USAGE, client.run("health", "--target", server.target(), "--timeout", "0"));
        assertTrue(client.err().startsWith("cvae-client: --timeout must be more than 0, got 0s"), client.err());
    }
}
