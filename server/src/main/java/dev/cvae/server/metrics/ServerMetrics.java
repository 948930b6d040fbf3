package dev.cvae.server.metrics;

import dev.cvae.server.model.ModelMonitor;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Optional;

/**
 * The server's metrics: one Micrometer registry and what feeds it (gRPC calls, CVAE operations, every model's
 * batchers, the JVM and the process). {@link #prometheus()} keeps them for a Prometheus scrape;
 * {@link #disabled()} records nothing and adds no interceptor, so the inference path pays nothing.
 *
 * <p>Lifecycle: made before the models load (the loader takes {@link #models()}), closed after the server stops.
 * Thread-safe.
 */
public final class ServerMetrics implements AutoCloseable {
    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final JvmGcMetrics gc;
    private final OperationMetrics operations;

    private ServerMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus, JvmGcMetrics gc) {
        this.registry = registry;
        this.prometheus = prometheus;
        this.gc = gc;
        this.operations = new OperationMetrics(registry, prometheus != null);
    }

    /** Records nothing: a registry with no backend, whose meters are no-ops. */
    public static ServerMetrics disabled() {
        return new ServerMetrics(new CompositeMeterRegistry(), null, null);
    }

    /** Keeps every series for {@link #scrape()}, with the JVM and process metrics bound. */
    public static ServerMetrics prometheus() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return new ServerMetrics(registry, registry, gc);
    }

    public boolean enabled() {
        return prometheus != null;
    }

    /** The registry itself, for meters of other parts of the server. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Give this to the model loader: it meters each model's batchers. */
    public ModelMonitor models() {
        return enabled() ? new ModelMetrics(registry) : ModelMonitor.NONE;
    }

    /** Per-operation latency, recorded by the gRPC adapter. */
    public OperationMetrics operations() {
        return operations;
    }

    /** The interceptor that meters every gRPC call; empty when disabled. */
    public Optional<ServerInterceptor> grpcInterceptor() {
        return enabled() ? Optional.of(new GrpcCallMetrics(registry)) : Optional.empty();
    }

    /** The load counted so far (zeros when disabled), for the explorer's live panel. */
    public LoadSnapshot load() {
        return LoadSnapshot.read(registry);
    }

    /** Every series in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        if (!enabled()) throw new IllegalStateException("metrics are disabled");
        return prometheus.scrape();
    }

    @Override
    public void close() {
        if (gc != null) gc.close();
        registry.close();
    }
}
