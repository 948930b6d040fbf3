package dev.cvae.server;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.grpc.CvaeServer;
import dev.cvae.server.http.ExplorerServer;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.metrics.MetricsHttpServer;
import dev.cvae.server.metrics.ServerMetrics;
import dev.cvae.server.model.InvalidModelException;
import dev.cvae.server.model.ModelLoader;
import dev.cvae.server.model.ModelHealth;
import dev.cvae.server.model.ModelMonitor;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.model.RepositoryWatcher;
import dev.cvae.server.model.VersionPolicy;
import dev.cvae.server.runtime.ExecutionDevice;
import dev.cvae.server.runtime.SessionFactory;
import dev.cvae.server.security.BearerTokenAuth;
import dev.cvae.server.security.ServerTls;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** {@code cvae-server}: serves the model directories under {@code --models} over gRPC until SIGTERM. */
@Command(name = "cvae-server", mixinStandardHelpOptions = true, versionProvider = ServerVersionProvider.class, sortOptions = false,
        description = "Serve CVAE models (ONNX) over gRPC with micro-batching. Every option can also be set "
                + "through the environment variable shown in its description.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:could not start (no valid model, port in use)", "2:bad option"})
public final class ServerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);
    /** How often TLS files and the token file are checked for a change. */
    private static final Duration CREDENTIALS_RELOAD = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "${env:CVAE_PORT:-50051}", description = "Port to listen on (CVAE_PORT, default 50051).")
    int port;

    @Option(names = "--host", defaultValue = "${env:CVAE_HOST:-0.0.0.0}", description = "Address to bind (CVAE_HOST, default 0.0.0.0).")
    String host;

    @Option(names = "--models", defaultValue = "${env:CVAE_MODELS:-models}", description = "Directory of model directories (CVAE_MODELS, default models).")
    Path models;

    @Option(names = "--version-policy", defaultValue = "${env:CVAE_VERSION_POLICY:-latest}", paramLabel = "POLICY",
            description = "Which versions of each model to serve: latest, latest:N, all or specific:V1,V2 (CVAE_VERSION_POLICY, default latest).")
    String versionPolicy;

    @Option(names = "--watch", defaultValue = "${env:CVAE_WATCH:-false}", fallbackValue = "true", arity = "0..1",
            description = "Load new or changed model versions and unload removed ones while serving (CVAE_WATCH, default false).")
    boolean watch;

    @Option(names = "--watch-interval", defaultValue = "${env:CVAE_WATCH_INTERVAL:-5}", paramLabel = "SECONDS",
            description = "Seconds between two looks at the model repository with --watch (CVAE_WATCH_INTERVAL, default 5).")
    double watchInterval;

    @Option(names = "--default-model", defaultValue = "${env:CVAE_DEFAULT_MODEL:-mnist}",
            description = "Model for requests that name none, if served; else the first by name (CVAE_DEFAULT_MODEL, default mnist).")
    String defaultModel;

    @Option(names = "--device", defaultValue = "${env:CVAE_DEVICE:-cpu}",
            description = "cpu, cuda or cuda:N; CUDA needs the -Pcuda build and falls back to CPU, loudly (CVAE_DEVICE, default cpu).")
    String device;

    @Option(names = "--max-batch", defaultValue = "${env:CVAE_MAX_BATCH:-64}", description = "Rows per inference run at most (CVAE_MAX_BATCH, default 64).")
    int maxBatch;

    @Option(names = "--max-delay-us", defaultValue = "${env:CVAE_MAX_DELAY_US:-250}",
            description = "While other runs are busy (several workers), a batch waits for more rows until its oldest has waited this many microseconds; an idle runner never waits (CVAE_MAX_DELAY_US, default 250).")
    long maxDelayMicros;

    @Option(names = "--max-queue", defaultValue = "${env:CVAE_MAX_QUEUE:-4096}",
            description = "Rows waiting per network at most; more is rejected with RESOURCE_EXHAUSTED (CVAE_MAX_QUEUE, default 4096).")
    int maxQueue;

    @Option(names = "--workers", defaultValue = "${env:CVAE_WORKERS:-1}", description = "Inference runs in flight per network (CVAE_WORKERS, default 1).")
    int workers;

    @Option(names = "--intra-op-threads", defaultValue = "${env:CVAE_INTRA_OP_THREADS:-1}",
            description = "ONNX Runtime threads per run, 0 = ONNX Runtime's choice (CVAE_INTRA_OP_THREADS, default 1).")
    int intraOpThreads;

    @Option(names = "--max-images", defaultValue = "${env:CVAE_MAX_IMAGES:-1024}",
            description = "Images (or interpolation steps) one request may ask for (CVAE_MAX_IMAGES, default 1024).")
    int maxImages;

    @Option(names = "--stream-concurrency", defaultValue = "${env:CVAE_STREAM_CONCURRENCY:-256}",
            description = "Requests of one stream computed at once (CVAE_STREAM_CONCURRENCY, default 256).")
    int streamConcurrency;

    @Option(names = "--stream-max-images", defaultValue = "${env:CVAE_STREAM_MAX_IMAGES:-4096}",
            description = "Images one stream may hold, computing or computed and not yet read by its client; more requests "
                    + "wait, under flow control (CVAE_STREAM_MAX_IMAGES, default 4096).")
    int streamMaxImages;

    @Option(names = "--tls-cert", defaultValue = "${env:CVAE_TLS_CERT}", paramLabel = "PEM",
            description = "Serve TLS with this certificate chain (with --tls-key) (CVAE_TLS_CERT).")
    java.io.File tlsCert;

    @Option(names = "--tls-key", defaultValue = "${env:CVAE_TLS_KEY}", paramLabel = "PEM",
            description = "Private key (PEM: PKCS#8, PKCS#1 RSA or EC; not encrypted) of --tls-cert; both files are "
                    + "reloaded when they change (CVAE_TLS_KEY).")
    java.io.File tlsKey;

    @Option(names = "--tls-client-ca", defaultValue = "${env:CVAE_TLS_CLIENT_CA}", paramLabel = "PEM",
            description = "Require client certificates signed by this CA: mutual TLS; reloaded when it changes (CVAE_TLS_CLIENT_CA).")
    java.io.File tlsClientCa;

    @Option(names = "--max-consecutive-failures", defaultValue = "${env:CVAE_MAX_CONSECUTIVE_FAILURES:-5}",
            description = "Inference runs of a model that may fail in a row before its health turns NOT_SERVING; "
                    + "a probe every --probe-interval-seconds heals it (CVAE_MAX_CONSECUTIVE_FAILURES, default 5).")
    int maxConsecutiveFailures;

    @Option(names = "--probe-interval-seconds", defaultValue = "${env:CVAE_PROBE_INTERVAL_SECONDS:-5}",
            description = "How often a failing model is probed with one row of zeros (CVAE_PROBE_INTERVAL_SECONDS, default 5).")
    double probeIntervalSeconds;

    @Mixin
    AuthOptions auth;

    @Mixin
    TransportLimits limits;

    @Option(names = "--metrics-port", defaultValue = "${env:CVAE_METRICS_PORT}", paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://HOST:PORT/metrics; off unless given (CVAE_METRICS_PORT; 9464 is usual).")
    Integer metricsPort;

    @Option(names = "--metrics-host", defaultValue = "${env:CVAE_METRICS_HOST}", paramLabel = "HOST",
            description = "Address the metrics endpoint binds (CVAE_METRICS_HOST, default: --host).")
    String metricsHost;

    @Option(names = "--http-port", defaultValue = "${env:CVAE_HTTP_PORT}", paramLabel = "PORT",
            description = "Serve the model explorer (a web page and its JSON API) at http://HOST:PORT/, HTTPS with --tls-cert, "
                    + "tokens with --auth-tokens; off unless given (CVAE_HTTP_PORT; 8080 is usual).")
    Integer httpPort;

    @Option(names = "--http-host", defaultValue = "${env:CVAE_HTTP_HOST}", paramLabel = "HOST",
            description = "Address the model explorer binds (CVAE_HTTP_HOST, default: --host).")
    String httpHost;

    @Option(names = "--shutdown-drain-seconds", defaultValue = "${env:CVAE_SHUTDOWN_DRAIN_SECONDS:-0}",
            description = "On SIGTERM, how long calls are still accepted after health turns NOT_SERVING, so that load balancers "
                    + "move away first (CVAE_SHUTDOWN_DRAIN_SECONDS, default 0).")
    long drainSeconds;

    @Option(names = "--shutdown-grace-seconds", defaultValue = "${env:CVAE_SHUTDOWN_GRACE_SECONDS:-30}",
            description = "On SIGTERM, how long in-flight calls may then take to finish (CVAE_SHUTDOWN_GRACE_SECONDS, default 30).")
    long graceSeconds;

    @Override
    public Integer call() throws Exception {
        BatchPolicy policy;
        ExecutionDevice dev;
        VersionPolicy versions;
        CvaeServer.Limits serviceLimits;
        try {
            versions = VersionPolicy.parse(versionPolicy);
            if (streamMaxImages < 1) throw new IllegalArgumentException("stream-max-images must be >= 1, got " + streamMaxImages);
            if (streamConcurrency < 1) throw new IllegalArgumentException("stream-concurrency must be >= 1, got " + streamConcurrency);
            serviceLimits = new CvaeServer.Limits(Math.min(maxImages, maxQueue), streamConcurrency, streamMaxImages);
            if (maxConsecutiveFailures < 1) {
                throw new IllegalArgumentException("max-consecutive-failures must be >= 1, got " + maxConsecutiveFailures);
            }
            if (!(probeIntervalSeconds > 0)) throw new IllegalArgumentException("probe-interval-seconds must be > 0, got " + probeIntervalSeconds);
            if (!(watchInterval > 0)) throw new IllegalArgumentException("watch-interval must be > 0 seconds, got " + watchInterval);
            policy = new BatchPolicy(maxBatch, Duration.ofNanos(maxDelayMicros * 1000), maxQueue, workers);
            dev = ExecutionDevice.parse(device);
            if (maxImages < 1) throw new IllegalArgumentException("max-images must be >= 1, got " + maxImages);
            if (drainSeconds < 0) throw new IllegalArgumentException("shutdown-drain-seconds must be >= 0, got " + drainSeconds);
            if (graceSeconds < 0) throw new IllegalArgumentException("shutdown-grace-seconds must be >= 0, got " + graceSeconds);
            if (metricsPort != null && (metricsPort < 0 || metricsPort > 65535)) {
                throw new IllegalArgumentException("metrics-port must be 0..65535, got " + metricsPort);
            }
            if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
                throw new IllegalArgumentException("http-port must be 0..65535, got " + httpPort);
            }
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        SessionFactory sessions = new SessionFactory(dev, intraOpThreads);
        // the explorer's live panel reads the server's own meters, so they count whenever it is on
        ServerMetrics metrics = metricsPort != null || httpPort != null ? ServerMetrics.prometheus() : ServerMetrics.disabled();
        ModelHealth modelHealth = new ModelHealth(maxConsecutiveFailures, Duration.ofMillis(Math.round(probeIntervalSeconds * 1000)));
        ModelRegistry registry;
        try {
            registry = ModelRegistry.load(models, new ModelLoader(sessions, policy, ModelMonitor.both(metrics.models(), modelHealth)),
                    versions, defaultModel);
        } catch (InvalidModelException e) {
            log.error("cannot start: {}", e.getMessage());
            return 1;
        }
        Scheduler images = Schedulers.newParallel("images", Math.max(1, Runtime.getRuntime().availableProcessors()), true);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
        ServerTls tls = null;
        BearerTokenAuth tokens;
        try {
            limits.applyTo(builder);
            if (tlsCert != null || tlsKey != null || tlsClientCa != null) {
                tls = ServerTls.start(tlsCert, tlsKey, tlsClientCa, CREDENTIALS_RELOAD);
                builder.sslContext(tls.context());
            }
            tokens = auth.start(CREDENTIALS_RELOAD).orElse(null);
        } catch (IllegalArgumentException e) {
            if (tls != null) tls.close();
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (tokens != null) builder.intercept(tokens);
        CvaeOperations operations = new CvaeOperations(images);
        CvaeServer server = new CvaeServer(builder, registry, operations, serviceLimits, metrics).watch(modelHealth);
        MetricsHttpServer metricsHttp = null;
        if (metricsPort != null) {
            String bind = metricsHost != null && !metricsHost.isBlank() ? metricsHost : host;
            try {
                metricsHttp = MetricsHttpServer.start(new InetSocketAddress(bind, metricsPort), metrics);
            } catch (IOException e) {
                log.error("cannot start: metrics endpoint on {}:{}: {}", bind, metricsPort, e.toString());
                registry.close(1, TimeUnit.SECONDS);
                return 1;
            }
            log.info("metrics at http://{}:{}/metrics", bind, metricsHttp.port());
        }
        ExplorerServer explorer = null;
        if (httpPort != null) {
            String bind = httpHost != null && !httpHost.isBlank() ? httpHost : host;
            try {
                explorer = ExplorerServer.start(new InetSocketAddress(bind, httpPort), registry, operations, serviceLimits.maxRows(),
                        metrics, new ExplorerServer.Security(tls, tokens));
            } catch (RuntimeException e) {
                log.error("cannot start: model explorer on {}:{}: {}", bind, httpPort, e.toString());
                if (metricsHttp != null) metricsHttp.close();
                registry.close(1, TimeUnit.SECONDS);
                return 1;
            }
            log.info("model explorer at {}://{}:{}/", tls != null ? "https" : "http", bind, explorer.port());
        }
        server.start();
        RepositoryWatcher watcher = watch
                ? new RepositoryWatcher(registry, Duration.ofMillis(Math.round(watchInterval * 1000))).start() : null;
        log.info("cvae-server listening on {}:{}{}{} ({} model(s): {}; default {}; device {}; max batch {}, max delay {} us, max queue {})",
                host, server.port(), tlsCert != null ? " with TLS" + (tlsClientCa != null ? " (client certificates required)" : "") : "",
                tokens != null ? ", bearer tokens required (open: " + String.join(", ", auth.openServices) + ")" : "",
                registry.names().size(), String.join(", ", registry.names()), registry.defaultModel(),
                sessions.effectiveDevice(), maxBatch, maxDelayMicros, maxQueue);
        ExplorerServer page = explorer;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (page != null) page.close(); // before the models close under it
            try {
                server.shutdown(Duration.ofSeconds(drainSeconds), Duration.ofSeconds(graceSeconds));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        server.awaitTermination();
        if (watcher != null) watcher.close();
        if (tokens != null) tokens.close();
        if (tls != null) tls.close();
        if (metricsHttp != null) metricsHttp.close();
        modelHealth.close();
        metrics.close();
        images.dispose();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServerCommand()).execute(args));
    }
}
