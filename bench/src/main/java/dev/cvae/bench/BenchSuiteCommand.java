package dev.cvae.bench;

import dev.cvae.bench.limit.OnnxLimitRun;
import dev.cvae.bench.profile.ProfileRun;
import dev.cvae.bench.report.BenchmarksPage;
import dev.cvae.bench.report.ProfilePage;
import dev.cvae.bench.report.SoakPage;
import dev.cvae.bench.run.Baseline;
import dev.cvae.bench.run.ChildProcesses;
import dev.cvae.bench.run.ClientBench;
import dev.cvae.bench.run.FullResults;
import dev.cvae.bench.run.FullRun;
import dev.cvae.bench.run.Installation;
import dev.cvae.bench.run.MachineInfo;
import dev.cvae.bench.run.MemoryRuns;
import dev.cvae.bench.run.QuickCheck;
import dev.cvae.bench.run.ScratchDirectory;
import dev.cvae.client.DurationConverter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench/run.sh}: the quick check against the committed baseline (CI), the full benchmark that writes
 * docs/benchmarks.md, and the soak. See README, Performance.
 */
@Command(name = "bench/run.sh", sortOptions = false,
        description = "Benchmark cvae-server against its limits. --quick (the default) checks the key ratios against bench/baseline.json; "
                + "--full writes docs/benchmarks.md and docs/benchmarks/*.png; --soak DURATION writes docs/benchmarks-soak.md; "
                + "--profile writes docs/benchmarks-profile.md.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (quick: no ratio regressed)", "1:a ratio regressed past the margin, or a run failed", "2:bad option"})
public final class BenchSuiteCommand implements Callable<Integer> {
    static final int REGRESSED = 1;

    @Option(names = "--quick", description = "A few short runs; fail if a key ratio fell more than the baseline's margin (default when nothing else is asked).")
    boolean quick;

    @Option(names = "--full", description = "Everything: limits, every load, RSS, training; writes docs/benchmarks.md (about 45 minutes on 2 cores).")
    boolean full;

    @Option(names = "--soak", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Also run the mixed load at --soak-rate for this long (e.g. 1h), RSS every minute; writes docs/benchmarks-soak.md.")
    Duration soak;

    @Option(names = "--soak-rate", defaultValue = "200", description = "Requests per second of the soak (default ${DEFAULT-VALUE}).")
    double soakRate;

    @Option(names = "--profile", description = "Profile the server and the echo service under 64 streams with async-profiler; "
            + "writes docs/benchmarks-profile.md (about 2 minutes).")
    boolean profile;

    @Option(names = "--profile-concurrency", defaultValue = "64", description = "Profile mode: streams (default ${DEFAULT-VALUE}).")
    int profileConcurrency;

    @Option(names = "--skip-training", description = "Leave out the training epoch (full mode).")
    boolean skipTraining;

    @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Unmeasured start of each client run (default: 10s full and profile, 1s quick).")
    Duration warmup;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Measured time of each client run (default: 5s full, 2s quick).")
    Duration duration;

    @Option(names = "--rounds", description = "Paired rounds of the key points; the median ratio counts (default: 3 quick, 5 full).")
    Integer rounds;

    @Option(names = "--rss-requests", defaultValue = "1000000", description = "Full mode: streamed requests of the RSS run, 0 for none (default ${DEFAULT-VALUE}).")
    long rssRequests;

    @Option(names = "--rss-step", defaultValue = "100000", description = "Full mode: requests between RSS readings; the first step is the warm-up (default ${DEFAULT-VALUE}).")
    long rssStep;

    @Option(names = "--jmh-iterations", defaultValue = "3", description = "Full mode: JMH measured iterations per point (default ${DEFAULT-VALUE}).")
    int jmhIterations;

    @Option(names = "--jmh-iteration", defaultValue = "1s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Full mode: length of a JMH iteration; warm-up is two iterations of half that (default 1s).")
    Duration jmhIteration;

    @Option(names = "--training-data", paramLabel = "DIR", description = "Fashion-MNIST's IDX files (default: ../shared/data/fashion-mnist from the repository root).")
    Path trainingData;

    @Option(names = "--root", defaultValue = ".", paramLabel = "DIR", description = "The repository root (default: the current directory).")
    Path root;

    @Option(names = "--baseline", paramLabel = "FILE", description = "Quick mode's reference ratios (default: bench/baseline.json).")
    Path baseline;

    @Option(names = "--update-baseline", description = "Quick mode: write the measured ratios into the baseline file (keeping its margin) instead of checking.")
    boolean updateBaseline;

    @Option(names = "--report-only", description = "Write docs/benchmarks.md and its plots again from docs/benchmarks/results.json, without running anything.")
    boolean reportOnly;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if ((quick ? 1 : 0) + (full ? 1 : 0) + (profile ? 1 : 0) > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--quick, --full and --profile: choose one");
        }
        if (profileConcurrency < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--profile-concurrency must be >= 1, got " + profileConcurrency);
        }
        if (soak != null && (soak.isZero() || soak.isNegative())) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--soak must be more than 0, got " + soak);
        }
        if (soakRate <= 0) throw new CommandLine.ParameterException(spec.commandLine(), "--soak-rate must be > 0, got " + soakRate);
        Installation installation;
        try {
            installation = Installation.of(root);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (reportOnly) {
            BenchmarksPage.write(BenchmarksPage.read(installation.root().resolve("docs")), installation.root().resolve("docs"), false);
            System.out.println("wrote docs/benchmarks.md and its plots again from docs/benchmarks/results.json");
            return 0;
        }
        Path work = ScratchDirectory.fresh(installation.root().resolve("bench/target/bench-run"));
        PrintStream out = System.out;
        int exit = 0;
        if (full) {
            Path data = skipTraining ? null : trainingData != null ? trainingData : installation.root().resolve("../shared/data/fashion-mnist").normalize();
            FullRun.Settings settings = new FullRun.Settings(orDefault(warmup, Duration.ofSeconds(10)), orDefault(duration, Duration.ofSeconds(5)),
                    FullRun.CONCURRENCIES, new OnnxLimitRun.Timing(2, jmhIteration.dividedBy(2), jmhIterations, jmhIteration),
                    rounds != null ? rounds : 5, rssRequests, rssStep, data);
            FullResults results = new FullRun(installation, settings, work).run();
            BenchmarksPage.write(results, installation.root().resolve("docs"), true);
            out.printf("full: %.1f minutes; wrote docs/benchmarks.md and docs/benchmarks/ (logs in %s)%n", results.minutes(), work.resolve("logs"));
        } else if (profile) {
            // each load runs a fresh client JVM, which at 64 streams beside the server reaches its pace 7 to 9 s in
            ProfileRun.Settings settings = new ProfileRun.Settings(profileConcurrency, orDefault(warmup, Duration.ofSeconds(10)),
                    orDefault(duration, Duration.ofSeconds(8)), Duration.ofMillis(5));
            List<ProfileRun.Profiled> runs = new ProfileRun(installation, settings, work).run();
            ProfilePage.write(runs, MachineInfo.probe(installation.root()), installation.root().resolve("docs"));
            for (ProfileRun.Profiled run : runs) {
                out.printf("profile: %-8s %,8.0f requests/s, %.1f core-us per request in the process%n", run.server(),
                        run.load().requestsPerSecond(), run.coreMicrosPerRequest(run.profile().samples()));
            }
            out.println("wrote docs/benchmarks-profile.md");
        } else if (quick || soak == null) {
            exit = quick(installation, work, out);
        }
        if (soak != null) {
            try (ChildProcesses children = new ChildProcesses()) {
                Path logs = work.resolve("logs");
                Duration every = soak.compareTo(Duration.ofMinutes(10)) >= 0 ? Duration.ofMinutes(1) : soak.dividedBy(10);
                MemoryRuns.Soak result = new MemoryRuns(installation, children, new ClientBench(installation, children, logs), logs)
                        .soak(soak, soakRate, every);
                SoakPage.write(result, MachineInfo.probe(installation.root()), installation.root().resolve("docs"));
                out.printf("soak: RSS growth %+.1f%%; wrote docs/benchmarks-soak.md%n", result.rss().growthPercent());
            }
        }
        return exit;
    }

    private int quick(Installation installation, Path work, PrintStream out) throws Exception {
        Path file = baseline != null ? baseline : installation.root().resolve("bench/baseline.json");
        Baseline reference = Baseline.read(file);
        long start = System.nanoTime();
        QuickCheck.Outcome outcome = QuickCheck.measure(installation, new QuickCheck.Settings(rounds != null ? rounds : 3, orDefault(warmup, Duration.ofSeconds(1)),
                orDefault(duration, Duration.ofSeconds(2))), work, out);
        out.printf("quick: %.0f s%n", (System.nanoTime() - start) / 1e9);
        if (updateBaseline) {
            new Baseline(reference.margin(), outcome.ratios(), MachineInfo.probe(installation.root()).date() + ", " + Runtime.getRuntime()
                    .availableProcessors() + " cores, bench/run.sh --quick --update-baseline").write(file);
            out.println("wrote " + file + ": " + outcome.ratios());
            return 0;
        }
        boolean regressed = false;
        for (Baseline.Verdict v : reference.compare(outcome.ratios())) {
            out.printf("%-30s measured %6.2fx  baseline %6.2fx  floor %6.2fx  %s%n", v.name(), v.measured(), v.baseline(), v.floor(),
                    v.regressed() ? "REGRESSED" : "ok");
            regressed |= v.regressed();
        }
        return regressed ? REGRESSED : 0;
    }

    private static Duration orDefault(Duration value, Duration otherwise) {
        return value != null ? value : otherwise;
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new BenchSuiteCommand()).execute(args));
    }
}
