package dev.cvae.server.testing;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.grpc.CvaeServer;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.metrics.MetricsHttpServer;
import dev.cvae.server.metrics.ServerMetrics;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The real server with the bundled models and Prometheus metrics on: gRPC and {@code /metrics} each on a free
 * loopback port, as {@code cvae-server --metrics-port} runs them.
 */
public final class MeteredServer implements AutoCloseable {
    public final ServerMetrics metrics = ServerMetrics.prometheus();
    public final CvaeServer server;
    public final MetricsHttpServer http;
    public final ManagedChannel channel;
    private final Scheduler images = Schedulers.newParallel("metered-test", 1, true);

    public MeteredServer(BatchPolicy policy) throws Exception {
        server = new CvaeServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
                BundledModels.registry(policy, metrics.models()), new CvaeOperations(images), 1024, 64, metrics).start();
        http = MetricsHttpServer.start(new InetSocketAddress("127.0.0.1", 0), metrics);
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    public URI metricsUri() {
        return URI.create("http://127.0.0.1:" + http.port() + "/metrics");
    }

    /** GET of a path on the metrics port. */
    public HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(metricsUri().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code /metrics}, parsed strictly. */
    public PrometheusText scrape() throws Exception {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) throw new AssertionError("/metrics answered " + response.statusCode());
        return PrometheusText.parse(response.body());
    }

    @Override
    public void close() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdown(5, TimeUnit.SECONDS);
        http.close();
        metrics.close();
        images.dispose();
    }
}
