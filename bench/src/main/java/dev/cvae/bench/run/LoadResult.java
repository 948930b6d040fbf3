package dev.cvae.bench.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * What one {@code cvae-client bench --json} run reported (the fields the benchmark reads), or why it has no
 * numbers: a {@code failure} when the client exited non-zero or printed no report.
 *
 * @param errors        failed requests by gRPC status name
 * @param stolenPercent the share of the machine's CPU time the hypervisor took while the client ran (/proc/stat,
 *                      measured by the benchmark, not the client); null where unknown
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LoadResult(double seconds, long requests, long images, double requestsPerSecond, double imagesPerSecond,
                         Latency latencyMillis, Map<String, Long> errors, String failure, Double stolenPercent) {
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Latency(double p50, double p90, double p99, double p999, double max, double mean) {
    }

    /** The median latency of a run, in milliseconds. */
    public static final ToDoubleFunction<LoadResult> P50 = r -> r.latencyMillis().p50();
    /** The 99th-percentile latency of a run, in milliseconds. */
    public static final ToDoubleFunction<LoadResult> P99 = r -> r.latencyMillis().p99();

    public LoadResult {
        errors = errors == null ? Map.of() : Map.copyOf(errors);
    }

    /** A run that produced no numbers, and why. */
    public static LoadResult failed(String why) {
        Objects.requireNonNull(why, "why");
        return new LoadResult(0, 0, 0, Double.NaN, Double.NaN, new Latency(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN), Map.of(), why, null);
    }

    /** This result, with the CPU time stolen while it ran; NaN (no time passed) is unknown, kept as null. */
    public LoadResult withStolenPercent(double percent) {
        return new LoadResult(seconds, requests, images, requestsPerSecond, imagesPerSecond, latencyMillis, errors, failure,
                Double.isNaN(percent) ? null : percent);
    }

    /** The stolen share in percent, NaN where unknown. */
    public double stolen() {
        return stolenPercent == null ? Double.NaN : stolenPercent;
    }

    /** A stolen share as the reports print it: {@code 1.5%}, or {@code n/a} where unknown (NaN). */
    public static String stolenText(double percent) {
        return Double.isNaN(percent) ? "n/a" : String.format("%.1f%%", percent);
    }

    public boolean ok() {
        return failure == null;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }
}
