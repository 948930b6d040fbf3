package dev.cvae.bench.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Closed-loop client runs over workloads, caller counts and servers. The servers of one point run back to back,
 * so that a ratio between them compares moments seconds apart, not minutes: on a shared machine the load drifts.
 * Their order flips from one point to the next (default, --max-batch 1, echo; then the reverse), so that neither
 * server always runs first, in the machine's state the previous point left.
 */
public final class LoadMatrix {
    /** A workload and the servers it runs against. */
    public record Row(Workload workload, List<ServerKind> servers) {
        public Row {
            Objects.requireNonNull(workload, "workload");
            servers = List.copyOf(servers);
            if (servers.isEmpty()) throw new IllegalArgumentException("servers must not be empty for " + workload.title());
        }
    }

    private final ClientBench client;
    private final Map<ServerKind, ServerProcess> servers;
    private final Duration warmup;
    private final Duration duration;

    public LoadMatrix(ClientBench client, Map<ServerKind, ServerProcess> servers, Duration warmup, Duration duration) {
        this.client = client;
        this.servers = Map.copyOf(servers);
        this.warmup = warmup;
        this.duration = duration;
    }

    /** Every row at every caller count; progress to standard error. */
    public List<Measurement> run(List<Row> rows, List<Integer> concurrencies) throws InterruptedException {
        int total = rows.stream().mapToInt(r -> r.servers().size()).sum() * concurrencies.size();
        List<Measurement> done = new ArrayList<>();
        int point = 0;
        for (Row row : rows) {
            for (int concurrency : concurrencies) {
                for (ServerKind kind : order(row.servers(), point++)) {
                    ServerProcess server = servers.get(kind);
                    if (server == null) throw new IllegalArgumentException("servers: no " + kind.label() + " server started for " + row.workload().title());
                    LoadResult r = client.closedLoop(server, row.workload(), concurrency, warmup, duration);
                    done.add(new Measurement(row.workload(), concurrency, kind, r));
                    System.err.printf("[%d/%d] %s, %d callers, %s: %s%n", done.size(), total, row.workload().title(), concurrency, kind.label(),
                            r.ok() ? String.format("%,.0f req/s, %,.0f images/s, p50 %.2f ms, p99 %.2f ms, errors %s", r.requestsPerSecond(),
                                    r.imagesPerSecond(), r.latencyMillis().p50(), r.latencyMillis().p99(), r.errors().isEmpty() ? "none" : r.errors())
                                    : "FAILED: " + r.failure());
                }
            }
        }
        return done;
    }

    /** The servers of the {@code point}th point in the order they run: as listed, or reversed every other point. */
    static List<ServerKind> order(List<ServerKind> servers, int point) {
        if (point % 2 == 0) return servers;
        List<ServerKind> reversed = new ArrayList<>(servers);
        Collections.reverse(reversed);
        return reversed;
    }
}
