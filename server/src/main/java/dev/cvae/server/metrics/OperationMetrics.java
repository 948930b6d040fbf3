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
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    OperationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param operation for example {@code generate}
     * @param model     a served model's name, or {@code unknown}: never an unchecked client string, which would let a
     *                  client create series at will
     * @param status    the gRPC status code's name, {@code OK} on success
     */
    public void record(String operation, String model, String status, long nanos) {
        timers.computeIfAbsent(operation + '\u0000' + model + '\u0000' + status, key -> Timer.builder("cvae.requests")
                        .description("Latency of one CVAE request (unary or one request of a stream), by operation, model and status")
                        .tag("operation", operation).tag("model", model).tag("status", status)
                        .serviceLevelObjectives(Buckets.LATENCY)
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }
}
