package dev.cvae.bench.run;

import java.util.Map;

/** Made-up client runs of the targets' workload, for tests of what the benchmark computes from them. */
public final class TestRuns {
    private TestRuns() {
    }

    /** The same run, with {@code percent} of the machine's CPU time stolen while it ran. */
    public static Measurement stolen(Measurement m, double percent) {
        return new Measurement(m.workload(), m.concurrency(), m.server(), m.result().withStolenPercent(percent));
    }

    /** A run of {@code server} at {@code streams} that served {@code rps} requests/s with this p50. */
    public static Measurement run(int streams, ServerKind server, double rps, double p50) {
        return new Measurement(FullRun.TARGET_WORKLOAD, streams, server, new LoadResult(5, (long) (5 * rps), (long) (5 * rps), rps, rps,
                new LoadResult.Latency(p50, p50, 2 * p50, 3 * p50, 4 * p50, p50), Map.of(), null, null));
    }
}
