package dev.cvae.bench.run;

import static dev.cvae.bench.run.ServerKind.DEFAULT;
import static dev.cvae.bench.run.ServerKind.ECHO;
import static dev.cvae.bench.run.ServerKind.MAX_BATCH_1;

import dev.cvae.bench.limit.OnnxLimitRun;
import dev.cvae.bench.run.Workload.Format;
import dev.cvae.bench.run.Workload.Mode;
import dev.cvae.bench.run.Workload.Operation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The full benchmark: the in-process limit (JMH), every workload against the server with its defaults, with
 * {@code --max-batch 1} and, where it applies, against the echo service, the request-count RSS run and one training
 * epoch. Servers and clients run as separate processes over loopback; everything started is stopped at the end.
 */
public final class FullRun {
    /** Concurrent callers of every closed-loop point. */
    public static final List<Integer> CONCURRENCIES = List.of(1, 8, 64, 256);
    public static final List<Integer> BATCHES = List.of(1, 4, 16, 64, 256, 1024);
    /** The workload of the targets' points (1 and 64 streams), measured again in paired rounds. */
    public static final Workload TARGET_WORKLOAD = Workload.generate(Mode.STREAM, Format.PNG, 1);
    public static final List<Integer> TARGET_STREAMS = List.of(1, 64);
    private static final List<ServerKind> TARGET_SERVERS = List.of(DEFAULT, MAX_BATCH_1, ECHO);

    /** What runs against which servers: the workloads; the echo wherever its answer is a generate. */
    public static final List<LoadMatrix.Row> ROWS = List.of(
            row(TARGET_WORKLOAD, DEFAULT, MAX_BATCH_1, ECHO),
            row(Workload.generate(Mode.UNARY, Format.PNG, 1), DEFAULT, MAX_BATCH_1, ECHO),
            row(Workload.generate(Mode.STREAM, Format.RAW, 1), DEFAULT, MAX_BATCH_1, ECHO),
            row(Workload.generate(Mode.STREAM, Format.PNG, 16), DEFAULT, MAX_BATCH_1, ECHO),
            row(Workload.generate(Mode.STREAM, Format.RAW, 16), DEFAULT, MAX_BATCH_1, ECHO),
            row(new Workload(Operation.ENCODE, Mode.STREAM, Format.PNG, 1), DEFAULT, MAX_BATCH_1),
            row(new Workload(Operation.ENCODE, Mode.UNARY, Format.PNG, 1), DEFAULT, MAX_BATCH_1),
            row(new Workload(Operation.INTERPOLATE, Mode.STREAM, Format.PNG, 8), DEFAULT, MAX_BATCH_1),
            row(new Workload(Operation.INTERPOLATE, Mode.UNARY, Format.PNG, 8), DEFAULT, MAX_BATCH_1),
            row(new Workload(Operation.KSERVE, Mode.UNARY, Format.RAW, 1), DEFAULT, MAX_BATCH_1),
            row(new Workload(Operation.KSERVE, Mode.UNARY, Format.RAW, 16), DEFAULT, MAX_BATCH_1));

    /**
     * @param targetRounds paired rounds of the targets' points, after the matrix
     * @param rssRequests  streamed requests of the RSS run (0: no RSS run)
     * @param rssStep      requests between two RSS readings
     * @param trainingData Fashion-MNIST's IDX files; null: no training epoch
     */
    public record Settings(Duration warmup, Duration duration, List<Integer> concurrencies, OnnxLimitRun.Timing jmh, int targetRounds,
                           long rssRequests, long rssStep, Path trainingData) {
        public Settings {
            Objects.requireNonNull(jmh, "jmh");
            concurrencies = List.copyOf(concurrencies);
            if (warmup.isNegative()) throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
            if (duration.isZero() || duration.isNegative()) throw new IllegalArgumentException("duration must be > 0, got " + duration);
            if (targetRounds < 1) throw new IllegalArgumentException("target rounds must be >= 1, got " + targetRounds);
            if (rssRequests < 0 || (rssRequests > 0 && (rssStep < 1 || rssStep > rssRequests))) {
                throw new IllegalArgumentException("rss requests must be >= 0 and the step 1..requests, got " + rssRequests + " and " + rssStep);
            }
        }

        /** As the report states it. */
        public String describe() {
            return String.format("each client run %s warm-up + %s measured; the targets' points again in %d paired rounds;"
                            + " JMH %d x %d ms warm-up, %d x %d ms measured, one fork per point; RSS run %,d requests", human(warmup),
                    human(duration), targetRounds, jmh.warmupIterations(), jmh.warmup().toMillis(), jmh.iterations(),
                    jmh.iteration().toMillis(), rssRequests);
        }

        private static String human(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
        }
    }

    private final Installation installation;
    private final Settings settings;
    private final Path work;

    /** @param work scratch and logs of this run (target/ of the bench module) */
    public FullRun(Installation installation, Settings settings, Path work) {
        this.installation = installation;
        this.settings = settings;
        this.work = work;
    }

    public FullResults run() throws Exception {
        long start = System.nanoTime();
        MachineInfo machine = MachineInfo.probe(installation.root());
        Path logs = work.resolve("logs");
        System.err.println("limits: JMH on ONNX Runtime in-process (" + installation.modelNames() + ", encoder and decoder, batch " + BATCHES + ")");
        List<OnnxLimitRun.LimitPoint> limits = OnnxLimitRun.measure(installation.models(), installation.modelNames(), BATCHES, settings.jmh(),
                logs.resolve("jmh"));
        List<Measurement> loads;
        PairedRounds targetRounds;
        RssSeries rss = null;
        TrainingEpoch.Result training;
        try (ChildProcesses children = new ChildProcesses()) {
            ClientBench client = new ClientBench(installation, children, logs);
            Map<ServerKind, ServerProcess> servers = new EnumMap<>(ServerKind.class);
            try {
                servers.put(DEFAULT, ServerProcess.server(installation, children, DEFAULT.label(), DEFAULT.serverOptions(), logs));
                servers.put(MAX_BATCH_1, ServerProcess.server(installation, children, MAX_BATCH_1.label(), MAX_BATCH_1.serverOptions(), logs));
                Path canned = work.resolve("canned");
                servers.get(DEFAULT).saveAnswers(canned);
                servers.put(ECHO, ServerProcess.echo(installation, children, canned, logs));
                LoadMatrix matrix = new LoadMatrix(client, servers, settings.warmup(), settings.duration());
                loads = matrix.run(ROWS, settings.concurrencies());
                System.err.printf("targets: %s at %s streams, %d paired rounds%n", TARGET_WORKLOAD.title(), TARGET_STREAMS, settings.targetRounds());
                targetRounds = PairedRounds.run(matrix, TARGET_WORKLOAD, TARGET_SERVERS, TARGET_STREAMS, settings.targetRounds());
            } finally {
                servers.values().forEach(ServerProcess::close);
            }
            if (settings.rssRequests() > 0) {
                System.err.printf("rss: %,d streamed requests on a fresh server%n", settings.rssRequests());
                rss = new MemoryRuns(installation, children, client, logs).streamed(settings.rssRequests(), settings.rssStep());
            }
            if (settings.trainingData() == null) {
                training = new TrainingEpoch.Result("", Double.NaN, Double.NaN, "left out (--skip-training)");
            } else {
                System.err.println("training: one epoch on " + settings.trainingData());
                training = TrainingEpoch.measure(installation, children, settings.trainingData(), work.resolve("training"), logs);
            }
        }
        return new FullResults(machine, settings.describe(), (System.nanoTime() - start) / 60e9, limits, loads, targetRounds, rss, training);
    }

    private static LoadMatrix.Row row(Workload workload, ServerKind... servers) {
        return new LoadMatrix.Row(workload, List.of(servers));
    }
}
