package dev.cvae.server.metrics;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The server's load as its own meters have counted it since it started, read at one instant: CVAE requests (every
 * operation, every adapter) with their latency histogram, inference runs and their rows, and what is queued and
 * running now. Totals, not rates: a reader takes two snapshots and divides their differences by {@link #atSeconds}'s,
 * so that any number of readers see the rate over their own interval without the server keeping state for them.
 * Immutable.
 *
 * @param atSeconds       a monotonic clock (seconds), for differences only
 * @param requests        CVAE requests finished, whatever their outcome
 * @param failed          of those, the ones that did not end OK
 * @param latencySeconds  their latencies added up
 * @param latencyBuckets  cumulative counts of requests at most {@code le} seconds, by bucket, ascending
 * @param byOperation     requests finished per operation (generate, encode, interpolate, infer)
 * @param runs            inference runs (batches), every network of every model
 * @param rows            rows those runs computed
 * @param queuedRows      rows waiting now
 * @param runsInFlight    inference runs executing now
 */
public record LoadSnapshot(double atSeconds, long requests, long failed, double latencySeconds, List<Bucket> latencyBuckets,
                           Map<String, Long> byOperation, long runs, long rows, long queuedRows, long runsInFlight) {

    /** Requests that took at most {@code le} seconds, counted from the start. */
    public record Bucket(double le, long count) {
    }

    public LoadSnapshot {
        latencyBuckets = List.copyOf(latencyBuckets);
        byOperation = Map.copyOf(byOperation);
    }

    /** Reads the meters of {@code registry} that the server's metrics register. */
    static LoadSnapshot read(MeterRegistry registry) {
        long requests = 0;
        long failed = 0;
        double latency = 0;
        TreeMap<Double, Long> buckets = new TreeMap<>();
        Map<String, Long> byOperation = new TreeMap<>();
        for (Timer t : registry.find("cvae.requests").timers()) {
            long n = t.count();
            requests += n;
            if (!"OK".equals(t.getId().getTag("status"))) failed += n;
            latency += t.totalTime(TimeUnit.SECONDS);
            byOperation.merge(String.valueOf(t.getId().getTag("operation")), n, Long::sum);
            for (CountAtBucket b : t.takeSnapshot().histogramCounts()) {
                buckets.merge(b.bucket(TimeUnit.SECONDS), (long) b.count(), Long::sum);
            }
        }
        long runs = 0;
        long rows = 0;
        for (DistributionSummary s : registry.find("cvae.batch.size").summaries()) {
            runs += s.count();
            rows += Math.round(s.totalAmount());
        }
        List<Bucket> latencyBuckets = new ArrayList<>();
        buckets.forEach((le, count) -> latencyBuckets.add(new Bucket(le, count)));
        return new LoadSnapshot(System.nanoTime() / 1e9, requests, failed, latency, latencyBuckets, byOperation, runs, rows,
                sum(registry, "cvae.queue.rows"), sum(registry, "cvae.inference.in.flight"));
    }

    private static long sum(MeterRegistry registry, String gauge) {
        double total = 0;
        for (Gauge g : registry.find(gauge).gauges()) total += g.value();
        return Math.round(total);
    }
}
