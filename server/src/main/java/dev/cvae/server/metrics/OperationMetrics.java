package dev.cvae.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Latency of each CVAE operation (generate, encode, interpolate, and KServe v2 infer) by model and outcome,
 * whether it came as a unary call or as one request on a stream: the per-call gRPC timer cannot see inside a
 * stream. The adapter records; the status is the gRPC code's name. Thread-safe.
 */
public final class OperationMetrics {
    /** The labels of one timer; its strings are constants and model names, whose hashes are cached. */
    private record Key(String operation, String model, String status) {
    }

    private final MeterRegistry registry;
    private final boolean enabled;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    /** @param enabled false: record nothing, not even the lookup (metrics off) */
    OperationMetrics(MeterRegistry registry, boolean enabled) {
        this.registry = registry;
        this.enabled = enabled;
    }

    /** False when metrics are off: then callers need not time anything. */
    public boolean enabled() {
        return enabled;
    }

    /**
     * @param operation for example {@code generate}
     * @param model     a served model's name, or {@code unknown}: never an unchecked client string, which would let a
     *                  client create series at will
     * @param status    the gRPC status code's name, {@code OK} on success
     */
    public void record(String operation, String model, String status, long nanos) {
        if (!enabled) return;
        timers.computeIfAbsent(new Key(operation, model, status), key -> Timer.builder("cvae.requests")
                        .description("Latency of one CVAE request (unary or one request of a stream), by operation, model and status")
                        .tag("operation", operation).tag("model", model).tag("status", status)
                        .serviceLevelObjectives(Buckets.LATENCY)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
