package dev.cvae.server.http;

import static dev.cvae.server.testing.ExplorerTestServer.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvae.server.security.BearerTokenAuth;
import dev.cvae.server.security.ServerTls;
import dev.cvae.server.testing.ExplorerTestServer;
import dev.cvae.server.testing.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gRPC port's security on the explorer's port: with {@code --auth-tokens} every API call needs a token of the
 * same file (the page itself stays open, and the walk's WebSocket takes the token in its first message); with
 * {@code --tls-cert} the port speaks HTTPS with the same certificate.
 */
class ExplorerSecurityTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    @Test
    void withTokensEveryApiCallNeedsOneAndThePageStaysOpen() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens"), "page " + TOKEN + "\n");
        try (BearerTokenAuth tokens = BearerTokenAuth.start(file, BearerTokenAuth.DEFAULT_OPEN_SERVICES, Duration.ofSeconds(5));
             ExplorerTestServer server = new ExplorerTestServer(null, new ExplorerServer.Security(null, tokens))) {
            HttpResponse<byte[]> none = server.get("/api/models");
            assertEquals(401, none.statusCode());
            assertEquals("Bearer realm=\"cvae\"", none.headers().firstValue("www-authenticate").orElseThrow());
            assertEquals("missing credentials: send the header 'authorization: Bearer <token>'", json(none).get("message").asText());
            assertEquals("UNAUTHENTICATED", json(none).get("status").asText());

            HttpResponse<byte[]> wrong = send(server, HttpRequest.newBuilder(server.uri("/api/generate")).header("Authorization", "Bearer " + TOKEN + "x")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"condition\":{\"label_name\":\"1\"}}")));
            assertEquals(401, wrong.statusCode());
            assertEquals("the bearer token is not valid", json(wrong).get("message").asText());

            HttpResponse<byte[]> right = send(server, HttpRequest.newBuilder(server.uri("/api/generate")).header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"condition\":{\"label_name\":\"1\"}}")));
            assertEquals(200, right.statusCode());
            for (String path : List.of("/api/load", "/api/models/mnist/report/loss.png")) assertEquals(401, server.get(path).statusCode(), path);
            assertEquals(200, server.get("/").statusCode(), "the page holds no data and must load to ask for a token");
            assertEquals(200, server.get("/app.js").statusCode());

            try (WalkClient walk = new WalkClient(server)) {
                walk.send("{\"id\":1,\"condition\":{\"label_name\":\"1\"},\"latents\":[[0,0,0,0,0,0,0,0]]}");
                JsonNode refused = walk.next();
                assertEquals("UNAUTHENTICATED", refused.get("error").get("status").asText());
                assertEquals("missing credentials: send the header 'authorization: Bearer <token>'", refused.get("error").get("message").asText());
                assertTrue(walk.closed(), "the socket closes after refusing");
            }
            try (WalkClient walk = new WalkClient(server)) {
                walk.send("{\"id\":1,\"authorization\":\"Bearer " + TOKEN + "\",\"condition\":{\"label_name\":\"1\"},\"latents\":[[0,0,0,0,0,0,0,0]]}");
                assertEquals(1, walk.next().get("id").asInt());
                walk.send("{\"id\":2,\"condition\":{\"label_name\":\"2\"},\"latents\":[[0,0,0,0,0,0,0,0]]}");
                assertTrue(walk.next().has("image"), "later messages need no token");
            }
        }
    }

    @Test
    void withTlsTheExplorerSpeaksHttpsWithTheGrpcCertificate() throws Exception {
        TestCertificates certificates = new TestCertificates(dir);
        TestCertificates.Pair ca = certificates.authority("ca");
        TestCertificates.Pair leaf = certificates.leaf("server", ca, TestCertificates.KeyFormat.PKCS8_EC);
        try (ServerTls tls = ServerTls.start(leaf.cert().toFile(), leaf.key().toFile(), null, Duration.ofSeconds(5));
             ExplorerTestServer server = new ExplorerTestServer(null, new ExplorerServer.Security(tls, null))) {
            assertTrue(server.uri("/").toString().startsWith("https://"));
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(ca.cert())).connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> models = trusting.send(HttpRequest.newBuilder(server.uri("/api/models")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, models.statusCode());
            assertTrue(models.body().contains("\"mnist-2d\""));
            assertThrows(IOException.class, () -> server.get("/api/models"), "a client that does not trust the CA is refused");
            HttpClient plain = HttpClient.newHttpClient();
            assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.explorer.port() + "/api/models")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()), "no plain HTTP on a TLS port");
        }
    }

    private static HttpResponse<byte[]> send(ExplorerTestServer server, HttpRequest.Builder request) throws Exception {
        return server.http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
