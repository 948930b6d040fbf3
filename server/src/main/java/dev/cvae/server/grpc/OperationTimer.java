package dev.cvae.server.grpc;

import dev.cvae.server.metrics.OperationMetrics;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Times each request of the adapters (unary, or one request of a stream) and records its outcome as the gRPC
 * status code it ends with: OK, the code its failure maps to, or CANCELLED. Thread-safe.
 */
final class OperationTimer {
    private final OperationMetrics metrics;

    OperationTimer(OperationMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * @param model the served model's name for the label, or "unknown"; resolved when the work starts, so a bad
     *              name never becomes a label
     */
    <T> Mono<T> timed(String operation, Supplier<String> model, Mono<T> work) {
        if (!metrics.enabled()) return work;
        return Mono.defer(() -> {
            long start = System.nanoTime();
            String label = model.get();
            return work
                    .doOnSuccess(x -> metrics.record(operation, label, "OK", System.nanoTime() - start))
                    .doOnError(e -> metrics.record(operation, label, ErrorMapper.classify(e).getCode().name(), System.nanoTime() - start))
                    .doOnCancel(() -> metrics.record(operation, label, "CANCELLED", System.nanoTime() - start));
        });
    }

    <T> Flux<T> timed(String operation, Supplier<String> model, Flux<T> work) {
        if (!metrics.enabled()) return work;
        return Flux.defer(() -> {
            long start = System.nanoTime();
            String label = model.get();
            return work
                    .doOnComplete(() -> metrics.record(operation, label, "OK", System.nanoTime() - start))
                    .doOnError(e -> metrics.record(operation, label, ErrorMapper.classify(e).getCode().name(), System.nanoTime() - start))
                    .doOnCancel(() -> metrics.record(operation, label, "CANCELLED", System.nanoTime() - start));
        });
    }
}
