package dev.cvae.server.metrics;

import dev.cvae.server.model.ModelRegistry;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Times each request of an adapter (unary, or one request of a stream) and records its outcome: OK, the name of
 * the status its failure maps to (the adapter's {@code outcome}, the gRPC code's name for every adapter, so that
 * one series counts a failure whichever way the request came), or CANCELLED. Thread-safe.
 */
public final class OperationTimer {
    private final OperationMetrics metrics;
    private final Function<Throwable, String> outcome;

    /** @param outcome the status name a failure is recorded as, for example {@code INVALID_ARGUMENT} */
    public OperationTimer(OperationMetrics metrics, Function<Throwable, String> outcome) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
    }

    /**
     * The label of a request's model: the served model it names (empty: the default), or "unknown", never a
     * client's string as it is, which would let a client create series at will.
     */
    public static Supplier<String> modelOf(ModelRegistry registry, String requested) {
        return () -> {
            String name = requested == null || requested.isEmpty() ? registry.defaultModel() : requested;
            return registry.serves(name) ? name : "unknown";
        };
    }

    /**
     * @param model the served model's name for the label, or "unknown"; resolved when the work starts, so a bad
     *              name never becomes a label
     */
    public <T> Mono<T> timed(String operation, Supplier<String> model, Mono<T> work) {
        if (!metrics.enabled()) return work;
        return Mono.defer(() -> {
            long start = System.nanoTime();
            String label = model.get();
            return work
                    .doOnSuccess(x -> metrics.record(operation, label, "OK", System.nanoTime() - start))
                    .doOnError(e -> metrics.record(operation, label, outcome.apply(e), System.nanoTime() - start))
                    .doOnCancel(() -> metrics.record(operation, label, "CANCELLED", System.nanoTime() - start));
        });
    }

    public <T> Flux<T> timed(String operation, Supplier<String> model, Flux<T> work) {
        if (!metrics.enabled()) return work;
        return Flux.defer(() -> {
            long start = System.nanoTime();
            String label = model.get();
            return work
                    .doOnComplete(() -> metrics.record(operation, label, "OK", System.nanoTime() - start))
                    .doOnError(e -> metrics.record(operation, label, outcome.apply(e), System.nanoTime() - start))
                    .doOnCancel(() -> metrics.record(operation, label, "CANCELLED", System.nanoTime() - start));
        });
    }
}
