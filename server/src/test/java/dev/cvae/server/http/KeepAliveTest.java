package dev.cvae.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.server.testing.ExplorerTestServer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One HTTP/1.1 connection carrying request after request, as a browser or the JDK's client reuses it: a request that
 * arrives while the previous answer is still being finished (pipelined here, so that it happens every time, not by
 * a race) is answered, and so is every request after it. Reactor Netty 1.3.7 stops reading such a connection when
 * the queued request is answered at once on its event loop (reactor-netty issue 4361), which hung the explorer's
 * page loads; the explorer answers off the event loop so that the next request is always read.
 */
class KeepAliveTest {
    private static final int READ_TIMEOUT_MS = 10_000;
    private static ExplorerTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ExplorerTestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Requests answered at once from memory: a page module, the model list, an unknown path. */
    @ParameterizedTest
    @ValueSource(strings = {"/app.js", "/api/models", "/api/nothing"})
    void aRequestQueuedBehindAnInferenceIsAnsweredAndSoIsTheNextOne(String path) throws Exception {
        String generate = "{\"model\":\"mnist\",\"condition\":{\"label_name\":\"3\"},\"count\":2}";
        try (Socket socket = new Socket("127.0.0.1", server.explorer.port())) {
            socket.setSoTimeout(READ_TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            out.write((post("/api/generate", generate) + get(path)).getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertEquals(200, Answer.read(in).status(), "the generate request");
            int queued = Answer.read(in).status();
            for (int i = 0; i < 3; i++) {
                out.write(get(path).getBytes(StandardCharsets.UTF_8));
                out.flush();
                assertEquals(queued, Answer.read(in).status(), "request " + (i + 3) + " on the connection, " + path);
            }
        }
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    }

    private static String post(String path, String json) {
        return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    /** One HTTP/1.1 response with a Content-Length, read whole off the connection. */
    private record Answer(int status, byte[] body) {
        static Answer read(InputStream in) throws IOException {
            List<String> head = headLines(in);
            int status = Integer.parseInt(head.get(0).split(" ")[1]);
            int length = head.stream().skip(1).map(h -> h.toLowerCase(Locale.ROOT))
                    .filter(h -> h.startsWith("content-length:")).map(h -> Integer.parseInt(h.substring(15).trim()))
                    .findFirst().orElseThrow(() -> new AssertionError("no content-length in " + head));
            byte[] body = in.readNBytes(length);
            assertEquals(length, body.length, "body of " + head.get(0));
            return new Answer(status, body);
        }

        private static List<String> headLines(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                assertTrue(b >= 0, "the connection closed after " + head.size() + " bytes of a response head");
                head.write(b);
            }
            return List.of(head.toString(StandardCharsets.ISO_8859_1).strip().split("\r\n"));
        }
    }
}
