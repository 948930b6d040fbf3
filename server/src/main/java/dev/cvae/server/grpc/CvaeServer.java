package dev.cvae.server.grpc;

import dev.cvae.api.inference.GRPCInferenceServiceGrpc;
import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.metrics.ServerMetrics;
import dev.cvae.server.model.ModelHealth;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.model.ServedModel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the gRPC server's lifecycle: the CVAE service, the Open Inference Protocol ({@code
 * inference.GRPCInferenceService}, on the same batchers), {@code grpc.health.v1.Health} and server reflection (v1
 * and v1alpha). It takes a {@link ServerBuilder}, so tests hand it an in-process builder and the command a
 * Netty one. With metrics enabled every call is metered by an interceptor.
 *
 * <p>Calls run on the transport's own threads ({@link ServerBuilder#directExecutor()}), not on a pool that each
 * incoming message wakes: every handler here only validates and hands work on (to a model's batcher, or, for
 * loading a model, to a scheduler for blocking work), so nothing blocks a transport thread. Waking a pooled thread
 * per message cost about a quarter of the server's CPU time; without it the server serves 6-13% more requests
 * over 64 streams, 15% more for a lone caller and 80% more for 64 unary callers (docs/serving-benchmarks.md, "The
 * call executor"). A handler added here must not block either. The benchmark's echo service is built the same way
 * ({@link #runCallsOnTransportThreads}), so that it stays the limit of the stack the server runs on.
 *
 * <p>Health reports SERVING for {@code ""} (the whole server), for each service, for each served model by its
 * name and for each of its Open Inference Protocol names ({@code M-encoder}, {@code M-decoder}), so that a probe
 * or a load balancer can ask for one model.
 *
 * <p>{@link #shutdown} is graceful: health goes NOT_SERVING; calls are still accepted for the drain period, the
 * time a load balancer or a readiness probe needs to notice and send new calls elsewhere; then new calls are
 * refused, in-flight calls finish (up to the grace period), and the models' batchers drain and close.
 * Thread-safe.
 */
public final class CvaeServer {
    private static final Logger log = LoggerFactory.getLogger(CvaeServer.class);

    private final Server server;
    private final HealthStatusManager health = new HealthStatusManager();
    private final ModelRegistry registry;
    private final Object lifecycle = new Object();
    private final Set<String> healthNames = new HashSet<>();
    private volatile ModelHealth modelHealth;
    private boolean stopped;
    private volatile boolean refusing;

    public CvaeServer(ServerBuilder<?> builder, ModelRegistry registry, CvaeOperations operations, int maxRows,
                      int streamConcurrency) {
        this(builder, registry, operations, maxRows, streamConcurrency, ServerMetrics.disabled());
    }

    /**
     * @param maxRows           most images (or interpolation steps) one request may ask for
     * @param streamConcurrency requests of one stream computed at once
     * @param metrics           meters calls and operations; {@link ServerMetrics#disabled()} for none
     */
    public CvaeServer(ServerBuilder<?> builder, ModelRegistry registry, CvaeOperations operations, int maxRows,
                      int streamConcurrency, ServerMetrics metrics) {
        this(builder, registry, operations, new Limits(maxRows, streamConcurrency, Limits.DEFAULT_STREAM_MAX_ROWS), metrics);
    }

    /**
     * What one request and one stream may ask of the server.
     *
     * @param maxRows           images (or interpolation steps) one request may ask for
     * @param streamConcurrency requests of one stream computed at once; more wait under flow control
     * @param streamMaxRows     images one stream may hold, computing or computed and not yet read by its client
     */
    public record Limits(int maxRows, int streamConcurrency, int streamMaxRows) {
        public static final int DEFAULT_STREAM_MAX_ROWS = 4096;

        public Limits {
            if (maxRows < 1) throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
            if (streamConcurrency < 1) throw new IllegalArgumentException("streamConcurrency must be >= 1, got " + streamConcurrency);
            if (streamMaxRows < 1) throw new IllegalArgumentException("streamMaxRows must be >= 1, got " + streamMaxRows);
        }
    }

    /** @param metrics meters calls and operations; {@link ServerMetrics#disabled()} for none */
    public CvaeServer(ServerBuilder<?> builder, ModelRegistry registry, CvaeOperations operations, Limits limits, ServerMetrics metrics) {
        this.registry = registry;
        int maxRows = limits.maxRows();
        metrics.grpcInterceptor().ifPresent(builder::intercept);
        runCallsOnTransportThreads(builder);
        this.server = builder
                .addService(new CvaeGrpcService(registry, operations, maxRows, limits.streamConcurrency(), limits.streamMaxRows(),
                        metrics.operations()))
                .addService(new KServeGrpcService(registry, operations, maxRows, this::serving, metrics.operations()))
                .addService(new ModelRepositoryGrpcService(registry))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(ProtoReflectionService.newInstance())
                .build();
    }

    /** Runs the builder's calls on its transport threads, as this server does (see the class comment). */
    public static void runCallsOnTransportThreads(ServerBuilder<?> builder) {
        builder.directExecutor();
    }

    public CvaeServer start() throws IOException {
        server.start();
        health.setStatus("", ServingStatus.SERVING);
        health.setStatus(CvaeServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
        health.setStatus(GRPCInferenceServiceGrpc.SERVICE_NAME, ServingStatus.SERVING);
        registry.onChange(r -> updateModelHealth());
        updateModelHealth();
        return this;
    }

    /**
     * Health follows whether each model's inference runs: NOT_SERVING after consecutive failures, SERVING again
     * after a successful run. Call before {@link #start}.
     */
    public CvaeServer watch(ModelHealth modelHealth) {
        this.modelHealth = modelHealth;
        modelHealth.onChange((model, healthy) -> updateModelHealth());
        return this;
    }

    /**
     * Health names each served model (its latest version) by its name and its v2 names: SERVING, or NOT_SERVING
     * while its runs fail; models no longer served are forgotten.
     */
    private void updateModelHealth() {
        synchronized (healthNames) {
            Map<String, ServingStatus> now = new HashMap<>();
            for (V2Model model : V2Model.all(registry)) {
                ServingStatus status = modelHealth == null || modelHealth.healthy(model.model()) ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
                now.put(model.model().name(), status);
                now.put(model.name(), status);
            }
            for (String gone : healthNames) if (!now.containsKey(gone)) health.clearStatus(gone);
            now.forEach(health::setStatus);
            healthNames.clear();
            healthNames.addAll(now.keySet());
        }
    }

    /** The port it listens on (-1 for in-process servers). */
    public int port() {
        return server.getPort();
    }

    /** {@link #shutdown(Duration, Duration)} without a drain period: new calls are refused at once. */
    public void shutdown(long grace, TimeUnit unit) throws InterruptedException {
        shutdown(Duration.ZERO, Duration.ofNanos(unit.toNanos(grace)));
    }

    /**
     * Stops gracefully; returns once every call has finished and the models are closed. Only the first call
     * stops the server; later ones return at once.
     *
     * @param drain how long calls are still accepted after health turns NOT_SERVING (zero: refused at once)
     * @param grace how long in-flight calls may then take before they are cancelled
     */
    public void shutdown(Duration drain, Duration grace) throws InterruptedException {
        if (drain.isNegative()) throw new IllegalArgumentException("drain must be >= 0, got " + drain);
        if (grace.isNegative()) throw new IllegalArgumentException("grace must be >= 0, got " + grace);
        synchronized (lifecycle) {
            if (stopped) return;
            stopped = true;
        }
        health.enterTerminalState();
        if (!drain.isZero()) {
            log.info("draining: health NOT_SERVING, still accepting calls for {} ms", drain.toMillis());
            TimeUnit.NANOSECONDS.sleep(drain.toNanos());
        }
        log.info("shutting down: refusing new calls, finishing in-flight calls (up to {} ms)", grace.toMillis());
        long end = System.nanoTime() + grace.toNanos();
        server.shutdown();
        refusing = true;
        if (!server.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
            log.warn("calls still running after the grace period; cancelling them");
            server.shutdownNow();
            server.awaitTermination(5, TimeUnit.SECONDS);
        }
        // the calls are done, so the batchers hold at most cancelled rows: what is left of the grace, at least 2 s
        registry.close(Math.max(end - System.nanoTime(), TimeUnit.SECONDS.toNanos(2)), TimeUnit.NANOSECONDS);
        log.info("stopped");
    }

    /** False from the moment {@link #shutdown} begins: the Open Inference Protocol's ServerReady. */
    private boolean serving() {
        synchronized (lifecycle) {
            return !stopped;
        }
    }

    /**
     * True once {@link #shutdown} has closed the listener and told the transports to go away, so that new calls
     * are refused. gRPC's own {@code Server.isShutdown()} turns true a moment earlier, while a call can still be
     * accepted (and then is one of the in-flight calls that shutdown waits for).
     */
    public boolean isShutdown() {
        return refusing;
    }

    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }
}
