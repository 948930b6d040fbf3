package dev.cvae.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.grpc.CvaeServer;
import dev.cvae.server.http.ExplorerServer;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.metrics.ServerMetrics;
import dev.cvae.server.model.ModelRegistry;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The server as {@code cvae-server --http-port} runs it, on the bundled models (or a given registry): the model
 * explorer on a free loopback port and gRPC in-process, both over the same registry, operations and metrics, so
 * that a test can put the same request to both. Its HTTP client speaks plain HTTP unless a test brings its own.
 */
public final class ExplorerTestServer implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    public final ServerMetrics metrics = ServerMetrics.prometheus();
    public final ModelRegistry registry;
    public final ExplorerServer explorer;
    public final CvaeServer grpc;
    public final ManagedChannel channel;
    public final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Scheduler images = Schedulers.newParallel("explorer-test-images", 2, true);
    private final String scheme;

    /** The bundled models, no TLS, no tokens. */
    public ExplorerTestServer() throws Exception {
        this(null, ExplorerServer.Security.NONE);
    }

    /** @param registry null for the bundled models (loaded with this server's metrics) */
    public ExplorerTestServer(ModelRegistry registry, ExplorerServer.Security security) throws Exception {
        this.registry = registry != null ? registry
                : BundledModels.registry(new BatchPolicy(64, Duration.ofMillis(1), 4096, 1), metrics.models());
        CvaeOperations operations = new CvaeOperations(images);
        String name = InProcessServerBuilder.generateName();
        grpc = new CvaeServer(InProcessServerBuilder.forName(name).directExecutor(), this.registry, operations,
                new CvaeServer.Limits(1024, 64, CvaeServer.Limits.DEFAULT_STREAM_MAX_ROWS), metrics).start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        explorer = ExplorerServer.start(new InetSocketAddress("127.0.0.1", 0), this.registry, operations, 1024, metrics, security);
        scheme = security.tls() != null ? "https" : "http";
    }

    public URI uri(String path) {
        return URI.create(scheme + "://127.0.0.1:" + explorer.port() + path);
    }

    public HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<byte[]> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The answer's body as JSON. */
    public static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        return JSON.readTree(response.body());
    }

    public static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        explorer.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        grpc.shutdown(10, TimeUnit.SECONDS); // closes the registry
        metrics.close();
        images.dispose();
    }
}
