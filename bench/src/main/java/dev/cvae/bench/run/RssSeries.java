package dev.cvae.bench.run;

import java.util.List;
import java.util.Objects;

/**
 * A server's resident memory sampled along a long run: after every so many requests, or every minute of a soak.
 *
 * @param unit       what {@link Sample#at()} counts: "requests" or "minutes"
 * @param warmupAt   the sample (by {@code at}) from which growth is measured: the first after the warm-up
 * @param load       the load, as a command line fragment
 */
public record RssSeries(String unit, long warmupAt, String load, List<Sample> samples) {
    /** VmRSS of the server process at one point of the run. */
    public record Sample(long at, long residentKib) {
    }

    public RssSeries {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(load, "load");
        samples = List.copyOf(samples);
    }

    /** RSS after the warm-up: the first sample at or past {@code warmupAt}; 0 when there is none. */
    public long afterWarmupKib() {
        return samples.stream().filter(s -> s.at() >= warmupAt).mapToLong(Sample::residentKib).findFirst().orElse(0);
    }

    /** Growth from {@link #afterWarmupKib()} to the last sample, in percent; NaN without both. */
    public double growthPercent() {
        long base = afterWarmupKib();
        if (base == 0 || samples.isEmpty()) return Double.NaN;
        return 100.0 * (samples.get(samples.size() - 1).residentKib() - base) / base;
    }

    /** Growth from {@link #afterWarmupKib()} to the largest later sample, in percent. */
    public double peakGrowthPercent() {
        long base = afterWarmupKib();
        if (base == 0) return Double.NaN;
        long peak = samples.stream().filter(s -> s.at() >= warmupAt).mapToLong(Sample::residentKib).max().orElse(base);
        return 100.0 * (peak - base) / base;
    }
}
