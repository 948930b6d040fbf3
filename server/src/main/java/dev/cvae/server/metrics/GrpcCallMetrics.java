package dev.cvae.server.metrics;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per gRPC method: Micrometer's own server interceptor (messages received and sent, and a latency histogram of
 * finished calls labelled with the status code), plus a counter of calls started, so that calls in flight are
 * started minus finished. Thread-safe.
 */
final class GrpcCallMetrics extends MetricCollectingServerInterceptor {
    private final MeterRegistry registry;
    private final Map<String, Counter> started = new ConcurrentHashMap<>();

    GrpcCallMetrics(MeterRegistry registry) {
        super(registry, counter -> counter, timer -> timer.serviceLevelObjectives(Buckets.LATENCY));
        this.registry = registry;
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
        var method = call.getMethodDescriptor();
        started.computeIfAbsent(method.getFullMethodName(), name -> Counter.builder("grpc.server.calls.started")
                .description("gRPC calls started by clients")
                .tag("service", String.valueOf(method.getServiceName()))
                .tag("method", String.valueOf(method.getBareMethodName()))
                .tag("methodType", method.getType().name())
                .register(registry)).increment();
        return super.interceptCall(call, headers, next);
    }
}
