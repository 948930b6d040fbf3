package dev.cvae.bench.report;

import dev.cvae.bench.limit.OnnxLimitRun.LimitPoint;
import dev.cvae.bench.run.FullResults;
import dev.cvae.bench.run.FullRun;
import dev.cvae.bench.run.LoadResult;
import dev.cvae.bench.run.Measurement;
import dev.cvae.bench.run.PairedRounds;
import dev.cvae.bench.run.ServerKind;
import dev.cvae.bench.run.Workload.Format;
import dev.cvae.bench.run.Workload.Mode;
import dev.cvae.bench.run.Workload;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** Looks up the numbers of one full run: a load point by workload, callers and server; the in-process limit. */
final class ResultIndex {
    static final Workload STREAM_1 = FullRun.TARGET_WORKLOAD;
    static final Workload STREAM_16_RAW = Workload.generate(Mode.STREAM, Format.RAW, 16);
    static final Workload STREAM_16_PNG = Workload.generate(Mode.STREAM, Format.PNG, 16);

    private final FullResults results;

    ResultIndex(FullResults results) {
        this.results = results;
    }

    /** The successful run of this point, if there is one. */
    Optional<LoadResult> load(Workload workload, int callers, ServerKind server) {
        return results.loads().stream()
                .filter(m -> m.workload().equals(workload) && m.concurrency() == callers && m.server() == server && m.result().ok())
                .map(Measurement::result).findFirst();
    }

    double requestsPerSecond(Workload workload, int callers, ServerKind server) {
        return load(workload, callers, server).map(LoadResult::requestsPerSecond).orElse(Double.NaN);
    }

    double imagesPerSecond(Workload workload, int callers, ServerKind server) {
        return load(workload, callers, server).map(LoadResult::imagesPerSecond).orElse(Double.NaN);
    }

    /** The paired rounds of the targets' points; none in the results of a run before them. */
    Optional<PairedRounds> targetRounds() {
        return Optional.ofNullable(results.targetRounds()).filter(r -> !r.rounds().isEmpty());
    }

    /**
     * A targets' ratio of {@code metric}, {@code a} over {@code b} at {@code streams} (generate count 1, PNG): the median
     * of the paired rounds' ratios, or the matrix's single point in the results of a run without rounds.
     */
    double targetRatio(int streams, ServerKind a, ServerKind b, ToDoubleFunction<LoadResult> metric) {
        return targetRounds().map(r -> PairedRounds.median(r.ratios(streams, a, b, metric)))
                .orElseGet(() -> PairedRounds.ratio(load(STREAM_1, streams, a).map(metric::applyAsDouble).orElse(Double.NaN),
                        load(STREAM_1, streams, b).map(metric::applyAsDouble).orElse(Double.NaN)));
    }

    /** A targets' value of one server, as {@link #targetRatio}: the median over the rounds, or the single point. */
    double targetValue(int streams, ServerKind server, ToDoubleFunction<LoadResult> metric) {
        return targetRounds().map(r -> PairedRounds.median(r.values(streams, server, metric)))
                .orElseGet(() -> load(STREAM_1, streams, server).map(metric::applyAsDouble).orElse(Double.NaN));
    }

    /** The in-process runtime's best images/s over the batch sizes, for one model's network. */
    Optional<LimitPoint> bestLimit(String model, String network) {
        return results.limits().stream().filter(p -> p.model().equals(model) && p.network().equals(network))
                .max(Comparator.comparingDouble(LimitPoint::imagesPerSecond));
    }

    FullResults results() {
        return results;
    }
}
