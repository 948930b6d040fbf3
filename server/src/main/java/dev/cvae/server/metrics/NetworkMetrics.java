package dev.cvae.server.metrics;

import dev.cvae.server.batch.BatchObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The batcher of one network (a model version's encoder or decoder) as Micrometer meters: rows refused, expired
 * and cancelled; failed runs; queue wait, inference time and rows per run as histograms. Meters are created once;
 * recording is lock-free. Thread-safe.
 */
final class NetworkMetrics implements BatchObserver {
    private final Counter rejected;
    private final Counter expired;
    private final Counter cancelled;
    private final Counter failedRuns;
    private final Timer queueWait;
    private final Timer inference;
    private final DistributionSummary batchSize;

    NetworkMetrics(MeterRegistry registry, Tags tags) {
        rejected = rows(registry, "cvae.batch.rejected", "Rows refused because the queue was full (RESOURCE_EXHAUSTED)", tags);
        expired = rows(registry, "cvae.batch.expired", "Rows dropped uncomputed because their deadline passed while queued", tags);
        cancelled = rows(registry, "cvae.batch.cancelled", "Rows dropped uncomputed because their call was cancelled", tags);
        failedRuns = Counter.builder("cvae.inference.failures").baseUnit("runs")
                .description("Inference runs that failed (each of their requests failed)").tags(tags).register(registry);
        queueWait = Timer.builder("cvae.queue.wait").description("Time a request's rows waited in the queue before their batch ran")
                .serviceLevelObjectives(Buckets.LATENCY).tags(tags).register(registry);
        inference = Timer.builder("cvae.inference").description("Time of one inference run (one batch) in ONNX Runtime")
                .serviceLevelObjectives(Buckets.LATENCY).tags(tags).register(registry);
        batchSize = DistributionSummary.builder("cvae.batch.size").baseUnit("rows").description("Rows per inference run")
                .serviceLevelObjectives(Buckets.ROWS).tags(tags).register(registry);
    }

    private static Counter rows(MeterRegistry registry, String name, String description, Tags tags) {
        return Counter.builder(name).baseUnit("rows").description(description).tags(tags).register(registry);
    }

    @Override
    public void batchRan(int rows, long oldestWaitNanos, long runNanos) {
        batchSize.record(rows);
        inference.record(runNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void partWaited(long waitNanos) {
        queueWait.record(waitNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void batchFailed() {
        failedRuns.increment();
    }

    @Override
    public void cancelled(int rows) {
        cancelled.increment(rows);
    }

    @Override
    public void expired(int rows) {
        expired.increment(rows);
    }

    @Override
    public void rejected(int rows) {
        rejected.increment(rows);
    }
}
