package dev.cvae.bench.run;

import static dev.cvae.bench.run.ServerKind.DEFAULT;
import static dev.cvae.bench.run.ServerKind.MAX_BATCH_1;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quick mode, for CI: a few short rounds of generate (count 1) over 1 and 64 streams against the server with its
 * defaults and with {@code --max-batch 1}, the ratio of their throughputs per round, and the median over the rounds
 * compared with the {@link Baseline} ({@link PairedRounds}).
 */
public final class QuickCheck {
    /** The full run's target points, against two of its servers. */
    public static final List<Integer> STREAMS = FullRun.TARGET_STREAMS;
    static final Workload WORKLOAD = FullRun.TARGET_WORKLOAD;
    private static final List<ServerKind> SERVERS = List.of(DEFAULT, MAX_BATCH_1);
    /**
     * The unmeasured load each server gets first: with 2 s the first round at 64 streams measured about half of the
     * later ones in three of four runs (7,400-7,800 against 11,000-20,000 requests/s), the servers' JIT still at
     * work; with 6 s, 10,647 against 14,324 and 17,675.
     */
    private static final Duration WARM_UP = Duration.ofSeconds(6);

    /** How many rounds, each run how long. */
    public record Settings(int rounds, Duration warmup, Duration duration) {
        public Settings {
            if (rounds < 1) throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
            if (duration.isZero() || duration.isNegative()) throw new IllegalArgumentException("duration must be > 0, got " + duration);
        }
    }

    /** The median ratio per key, and every measurement behind it. */
    public record Outcome(Map<String, Double> ratios, List<Measurement> measurements) {
    }

    private QuickCheck() {
    }

    /** The baseline's name of the ratio at this many streams. */
    public static String ratioName(int streams) {
        return "stream" + streams + "DefaultOverMaxBatch1";
    }

    public static Outcome measure(Installation installation, Settings settings, Path work, PrintStream out) throws Exception {
        Path logs = work.resolve("logs");
        PairedRounds rounds;
        try (ChildProcesses children = new ChildProcesses()) {
            Map<ServerKind, ServerProcess> servers = new EnumMap<>(ServerKind.class);
            try {
                for (ServerKind kind : SERVERS) {
                    servers.put(kind, ServerProcess.server(installation, children, kind.label(), kind.serverOptions(), logs));
                }
                ClientBench client = new ClientBench(installation, children, logs);
                // a fresh server's JIT is cold: load each once, unmeasured, so that round 1 counts like the others
                new LoadMatrix(client, servers, Duration.ZERO, WARM_UP).run(List.of(new LoadMatrix.Row(WORKLOAD, SERVERS)), List.of(64));
                rounds = PairedRounds.run(new LoadMatrix(client, servers, settings.warmup(), settings.duration()), WORKLOAD, SERVERS, STREAMS,
                        settings.rounds());
            } finally {
                servers.values().forEach(ServerProcess::close);
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        out.printf("%-8s %-8s %14s %14s %8s %12s%n", "streams", "round", "default req/s", "max-batch-1", "ratio", "CPU stolen");
        for (int streams : STREAMS) {
            double[] ratios = rounds.ratios(streams, DEFAULT, MAX_BATCH_1, LoadResult::requestsPerSecond);
            double[] def = rounds.values(streams, DEFAULT, LoadResult::requestsPerSecond);
            double[] one = rounds.values(streams, MAX_BATCH_1, LoadResult::requestsPerSecond);
            double[] stolen = rounds.mostStolen(streams);
            for (int round = 0; round < ratios.length; round++) {
                out.printf("%-8d %-8d %14.0f %14.0f %8.2f %12s%n", streams, round + 1, def[round], one[round], ratios[round],
                        LoadResult.stolenText(stolen[round]));
            }
            medians.put(ratioName(streams), PairedRounds.median(ratios));
        }
        return new Outcome(medians, rounds.rounds().stream().flatMap(List::stream).toList());
    }
}
