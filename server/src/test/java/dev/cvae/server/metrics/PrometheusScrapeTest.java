package dev.cvae.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.testing.MeteredServer;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code prometheus} package) scrapes a real server's {@code /metrics} while clients
 * generate, and README's three PromQL queries answer: p99 latency per method, mean batch size, rejected rows per
 * second. Skipped where Prometheus is not installed, unless {@code -Dprometheus.required=true} (CI).
 */
class PrometheusScrapeTest {
    static final String P99_PER_METHOD =
            "histogram_quantile(0.99, sum by (method, le) (rate(grpc_server_processing_duration_seconds_bucket[1m])))";
    static final String MEAN_BATCH_SIZE = "sum by (model, network) (rate(cvae_batch_size_rows_sum[1m]))"
            + " / sum by (model, network) (rate(cvae_batch_size_rows_count[1m]))";
    static final String REJECTED_PER_SECOND = "sum by (model, network) (rate(cvae_batch_rejected_rows_total[1m]))";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aRealPrometheusScrapesTheServerAndAnswersTheDocumentedQueries(@TempDir Path dir) throws Exception {
        File binary = new File(System.getProperty("prometheus.binary", "/usr/bin/prometheus"));
        if (!binary.canExecute()) {
            if (Boolean.getBoolean("prometheus.required")) fail("Prometheus is required but " + binary + " is missing (apt-get install prometheus)");
            Assumptions.abort("no Prometheus at " + binary + "; apt-get install prometheus to run this test");
        }
        try (MeteredServer server = new MeteredServer(new BatchPolicy(64, Duration.ofMillis(1), 1024, 1))) {
            int webPort = freePort();
            Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: cvae
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(server.http.port()));
            Process prometheus = new ProcessBuilder(binary.getPath(), "--config.file=" + dir.resolve("prometheus.yml"),
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + webPort, "--log.level=warn")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            AtomicBoolean stop = new AtomicBoolean();
            Thread traffic = new Thread(() -> {
                var stub = CvaeServiceGrpc.newBlockingStub(server.channel);
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                for (int i = 0; !stop.get() && System.nanoTime() < end; i++) {
                    stub.generate(GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setClassIndex(i % 10))
                            .setCount(1 + i % 4).build());
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // pacing, not waiting for anything
                }
            }, "traffic");
            traffic.start();
            try {
                URI api = URI.create("http://127.0.0.1:" + webPort + "/api/v1/query?query=");
                assertEquals(1.0, await(api, "up", dir, "job", "cvae"), "the target is up");

                double seconds = await(api, P99_PER_METHOD, dir, "method", "Generate");
                assertTrue(seconds > 0 && seconds < 10, "p99 of Generate: " + seconds);

                double rows = await(api, MEAN_BATCH_SIZE, dir, "model", "mnist", "network", "decoder");
                assertTrue(rows >= 1 && rows <= 64, "mean decoder batch size: " + rows);

                assertEquals(0.0, await(api, REJECTED_PER_SECOND, dir, "model", "mnist", "network", "decoder"));
            } finally {
                stop.set(true);
                traffic.join(10_000);
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) prometheus.destroyForcibly();
            }
        }
    }

    /**
     * Polls the query until it returns the series whose labels include {@code labels} (name, value, ...) with a
     * number (not NaN, which a rate over too few samples gives), and returns that number; fails after 60 s.
     */
    private double await(URI api, String query, Path dir, String... labels) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String last = "";
        while (System.nanoTime() < end) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                last = r.body();
                for (JsonNode series : JSON.readTree(r.body()).path("data").path("result")) {
                    boolean match = true;
                    for (int i = 0; i < labels.length; i += 2) match &= labels[i + 1].equals(series.path("metric").path(labels[i]).asText());
                    String value = series.get("value").get(1).asText();
                    if (match && !value.equals("NaN")) return Double.parseDouble(value);
                }
            } catch (java.io.IOException e) {
                last = e.toString(); // Prometheus is still starting
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        throw new AssertionError("no number for " + String.join(",", labels) + " from " + query + " within 60 s; last: " + last
                + "; log: " + Files.readString(dir.resolve("prometheus.log")));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
