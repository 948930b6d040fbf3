package dev.cvae.bench.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Short rounds of one workload against several servers, the servers of a round back to back, and per round the
 * ratio between two of them. The median of those ratios keeps a single run's noise and the shared machine's drift
 * off a verdict: the quick mode checks its baseline this way, the full run the points its targets name. The servers'
 * order reverses from one point to the next and from one round to the next, so that none always runs first.
 *
 * @param rounds every round's measurements, in the order they ran
 */
public record PairedRounds(Workload workload, List<List<Measurement>> rounds) {
    public PairedRounds {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(rounds, "rounds");
        rounds = rounds.stream().map(List::copyOf).toList();
    }

    /** {@code count} rounds of {@code workload} against {@code servers} at each of {@code concurrencies}. */
    public static PairedRounds run(LoadMatrix matrix, Workload workload, List<ServerKind> servers, List<Integer> concurrencies, int count)
            throws InterruptedException {
        if (count < 1) throw new IllegalArgumentException("rounds must be >= 1, got " + count);
        List<List<Measurement>> done = new ArrayList<>();
        for (int round = 0; round < count; round++) {
            done.add(matrix.run(List.of(new LoadMatrix.Row(workload, LoadMatrix.order(servers, round))), concurrencies));
        }
        return new PairedRounds(workload, done);
    }

    /** Each round's {@code metric} of {@code a} over that of {@code b} at this concurrency; NaN where either failed. */
    public double[] ratios(int concurrency, ServerKind a, ServerKind b, ToDoubleFunction<LoadResult> metric) {
        return rounds.stream().mapToDouble(round -> {
            double x = value(round, concurrency, a, metric);
            double y = value(round, concurrency, b, metric);
            return ratio(x, y);
        }).toArray();
    }

    /** Each round's {@code metric} of one server at this concurrency; NaN where it failed. */
    public double[] values(int concurrency, ServerKind server, ToDoubleFunction<LoadResult> metric) {
        return rounds.stream().mapToDouble(round -> value(round, concurrency, server, metric)).toArray();
    }

    /**
     * Each round's largest share of CPU time stolen by the hypervisor during one of its runs at this concurrency, in
     * percent; NaN where no run's is known.
     */
    public double[] mostStolen(int concurrency) {
        return rounds.stream().mapToDouble(round -> round.stream().filter(m -> m.concurrency() == concurrency)
                .mapToDouble(m -> m.result().stolen()).filter(v -> !Double.isNaN(v)).max().orElse(Double.NaN)).toArray();
    }

    /** {@code a / b}; NaN when either is NaN or {@code b} is not positive. */
    public static double ratio(double a, double b) {
        return b > 0 && !Double.isNaN(a) ? a / b : Double.NaN;
    }

    /**
     * The median of the measured values (NaN marks a failed run): the middle one, or the mean of the two middle ones
     * of an even count. NaN when fewer than half of the values were measured, so a few runs that did not fail cannot
     * speak for the rounds.
     */
    public static double median(double[] values) {
        double[] measured = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (measured.length == 0 || 2 * measured.length < values.length) return Double.NaN;
        int middle = measured.length / 2;
        return measured.length % 2 == 1 ? measured[middle] : (measured[middle - 1] + measured[middle]) / 2;
    }

    private static double value(List<Measurement> round, int concurrency, ServerKind server, ToDoubleFunction<LoadResult> metric) {
        return round.stream().filter(m -> m.concurrency() == concurrency && m.server() == server && m.result().ok())
                .mapToDouble(m -> metric.applyAsDouble(m.result())).findFirst().orElse(Double.NaN);
    }
}
