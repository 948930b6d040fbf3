package dev.cvae.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvae.server.testing.ExplorerTestServer;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test's client of the walk's WebSocket: sends text messages, takes the answers in order, sees the close. */
final class WalkClient implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket socket;

    WalkClient(ExplorerTestServer server) throws Exception {
        URI uri = URI.create(server.uri("/api/walk").toString().replaceFirst("^http", "ws"));
        socket = server.http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    answers.add(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
                closed.complete(status);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.completeExceptionally(error);
            }
        }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    void send(String message) throws Exception {
        socket.sendText(message, true).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    /** The next answer, waiting for it. */
    JsonNode next() throws Exception {
        String answer = answers.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (answer == null) throw new AssertionError("no answer within " + WAIT);
        return ExplorerTestServer.JSON.readTree(answer);
    }

    /** Whether the server closes the socket (waiting for it). */
    boolean closed() throws Exception {
        closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return true;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
