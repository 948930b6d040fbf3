package dev.cvae.bench.run;

import dev.cvae.bench.limit.OnnxLimitRun.LimitPoint;
import java.util.List;
import java.util.Objects;

/**
 * Everything one full run measured, in the order docs/benchmarks.md shows it; also saved as JSON beside the plots.
 *
 * @param settings the durations and sizes the run used, as a sentence
 * @param targetRounds the targets' points measured again in paired rounds; null in the results of a run before them
 * @param rss          the request-count RSS run; null when it was left out
 */
public record FullResults(MachineInfo machine, String settings, double minutes, List<LimitPoint> limits, List<Measurement> loads,
                          PairedRounds targetRounds, RssSeries rss, TrainingEpoch.Result training) {
    public FullResults {
        Objects.requireNonNull(machine, "machine");
        Objects.requireNonNull(training, "training");
        limits = List.copyOf(limits);
        loads = List.copyOf(loads);
    }
}
