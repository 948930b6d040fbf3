package dev.cvae.server.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics} in the Prometheus text format, on the JDK's small HTTP server beside the gRPC port. One
 * daemon thread answers scrapes; a scrape never touches the inference path beyond reading counters.
 *
 * <p>Lifecycle: {@link #start} binds and serves; {@link #close} stops at once. Thread-safe.
 */
public final class MetricsHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsHttpServer.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer http;
    private final ExecutorService executor;

    private MetricsHttpServer(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    /** Binds {@code address} (port 0: any free port) and serves {@code metrics}. */
    public static MetricsHttpServer start(InetSocketAddress address, ServerMetrics metrics) throws IOException {
        Objects.requireNonNull(metrics, "metrics");
        if (!metrics.enabled()) throw new IllegalArgumentException("metrics are disabled; nothing to serve");
        HttpServer http = HttpServer.create(address, 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(executor);
        http.createContext("/", exchange -> {
            try (exchange) {
                answer(exchange, metrics);
            } catch (RuntimeException e) {
                log.warn("metrics scrape failed", e);
            }
        });
        http.start();
        return new MetricsHttpServer(http, executor);
    }

    private static void answer(HttpExchange exchange, ServerMetrics metrics) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (!path.equals("/metrics")) {
            send(exchange, 404, "text/plain; charset=utf-8", "not found: " + path + "; metrics are at /metrics\n", method);
        } else if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "text/plain; charset=utf-8", method + " not allowed; use GET\n", method);
        } else {
            send(exchange, 200, CONTENT_TYPE, metrics.scrape(), method);
        }
    }

    private static void send(HttpExchange exchange, int code, String type, String body, String method) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = method.equals("HEAD");
        exchange.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /** The bound port. */
    public int port() {
        return http.getAddress().getPort();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
