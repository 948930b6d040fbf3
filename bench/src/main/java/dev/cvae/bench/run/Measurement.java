package dev.cvae.bench.run;

import java.util.Objects;

/** One closed-loop client run: which workload, how many callers, against which server, and what it reported. */
public record Measurement(Workload workload, int concurrency, ServerKind server, LoadResult result) {
    public Measurement {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(result, "result");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    }

    /** Rows this run could have queued at once: every caller's request in the queue together. */
    public long rowsInFlight() {
        return (long) concurrency * workload.rowsPerRequest();
    }
}
