package dev.cvae.bench.profile;

import dev.cvae.bench.run.ChildProcesses;
import dev.cvae.bench.run.ClientBench;
import dev.cvae.bench.run.FullRun;
import dev.cvae.bench.run.Installation;
import dev.cvae.bench.run.LoadResult;
import dev.cvae.bench.run.ServerKind;
import dev.cvae.bench.run.ServerProcess;
import dev.cvae.bench.run.Workload;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import one.profiler.AsyncProfilerLoader;

/**
 * {@code bench/run.sh --profile}: where the CPU time of one request goes. The server with its defaults, then the
 * echo service (the stack alone), each get closed-loop streams of generate (count 1, PNG) from {@code cvae-client
 * bench}; inside the measured window async-profiler (from Maven Central, through ap-loader) samples the process's
 * CPU, kernel included, per thread. The samples, sorted by {@link FoldedProfile}, divided by the requests served
 * while it sampled, give core-microseconds per request for each part of the path.
 */
public final class ProfileRun {
    static final Workload WORKLOAD = FullRun.TARGET_WORKLOAD;
    /** Unmeasured load first, so that the JIT has compiled the hot path before the profile (it shows as C2 threads otherwise). */
    private static final Duration JIT_WARM_UP = Duration.ofSeconds(10);

    /**
     * @param interval CPU time between samples
     */
    public record Settings(int concurrency, Duration warmup, Duration duration, Duration interval) {
        public Settings {
            if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
            if (duration.compareTo(Duration.ofSeconds(3)) < 0) throw new IllegalArgumentException("duration must be at least 3s, got " + duration);
            if (interval.isZero() || interval.isNegative()) throw new IllegalArgumentException("interval must be > 0, got " + interval);
        }

        /**
         * The profiler starts a second into the measured window (counted from when the load was started, so a slow
         * client JVM start still leaves it inside) and stops a second before its end.
         */
        public Duration sampled() {
            return duration.minusSeconds(2);
        }

        Duration untilSampling() {
            return warmup.plusSeconds(1);
        }
    }

    /**
     * One process profiled under load: its load, its samples and where they went, and the CPU time it and its load
     * generator spent while it was sampled.
     */
    public record Profiled(String server, LoadResult load, FoldedProfile profile, Settings settings, Path folded, CpuWindow cpu) {
        /** Requests served while the profiler sampled. */
        public double requests() {
            return load.requestsPerSecond() * settings.sampled().toNanos() / 1e9;
        }

        /** The CPU time of {@code samples} samples, per request, in microseconds. */
        public double coreMicrosPerRequest(long samples) {
            return samples * (settings.interval().toNanos() / 1e3) / requests();
        }

        /** Cores the process kept busy on average while sampled. */
        public double cores() {
            return profile.samples() * (double) settings.interval().toNanos() / settings.sampled().toNanos();
        }
    }

    private final Installation installation;
    private final Settings settings;
    private final Path work;

    public ProfileRun(Installation installation, Settings settings, Path work) {
        this.installation = installation;
        this.settings = settings;
        this.work = work;
    }

    /** The server, then the echo service with answers captured from it. */
    public List<Profiled> run() throws Exception {
        if (!AsyncProfilerLoader.isSupported()) {
            throw new IllegalStateException("async-profiler (ap-loader " + AsyncProfilerLoader.getVersion() + ") has no binary for "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        }
        Path logs = work.resolve("logs");
        List<Profiled> done = new ArrayList<>();
        ExecutorService load = Executors.newSingleThreadExecutor();
        try (ChildProcesses children = new ChildProcesses()) {
            ClientBench client = new ClientBench(installation, children, logs);
            Path canned = work.resolve("canned");
            try (ServerProcess server = ServerProcess.server(installation, children, ServerKind.DEFAULT.label(), ServerKind.DEFAULT.serverOptions(), logs)) {
                server.saveAnswers(canned);
                client.closedLoop(server, WORKLOAD, settings.concurrency(), Duration.ZERO, JIT_WARM_UP);
                done.add(profiled(server, client, load));
            }
            try (ServerProcess echo = ServerProcess.echo(installation, children, canned, logs)) {
                client.closedLoop(echo, WORKLOAD, settings.concurrency(), Duration.ZERO, JIT_WARM_UP);
                done.add(profiled(echo, client, load));
            }
        } finally {
            load.shutdownNow();
        }
        return done;
    }

    /** Loads the process and samples it; once more if the profiler failed to run (its first attach on a fresh machine can). */
    private Profiled profiled(ServerProcess process, ClientBench client, ExecutorService load) throws Exception {
        try {
            return profiledOnce(process, client, load);
        } catch (ProfilerFailed first) {
            System.err.printf("profile: %s: %s; profiling it once more%n", process.name(), first.getMessage());
            try {
                return profiledOnce(process, client, load);
            } catch (Exception second) {
                second.addSuppressed(first);
                throw second;
            }
        }
    }

    /** Loads the process and samples it inside the measured window of the load. */
    private Profiled profiledOnce(ServerProcess process, ClientBench client, ExecutorService load) throws Exception {
        Path folded = work.resolve(process.name() + ".folded");
        Files.deleteIfExists(folded);
        Future<LoadResult> result = load.submit(() -> client.closedLoop(process, WORKLOAD, settings.concurrency(), settings.warmup(),
                settings.duration()));
        CpuWindow cpu = null;
        Exception samplingFailure = null;
        try {
            Thread.sleep(settings.untilSampling().toMillis());
            cpu = sample(process, client, folded);
        } catch (IOException | RuntimeException e) {
            samplingFailure = e;
        }
        LoadResult loaded; // awaited whatever the sampling did: a load that failed is the cause to report
        try {
            loaded = result.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the load on " + process.name() + " failed: " + e.getCause(), e.getCause());
        }
        if (!loaded.ok()) throw new IllegalStateException("the load on " + process.name() + " failed: " + loaded.failure());
        if (samplingFailure != null) throw samplingFailure;
        if (!Files.isRegularFile(folded) || Files.size(folded) == 0) {
            throw new IOException("async-profiler wrote no samples to " + folded + " (is perf_event_paranoid above 2, or ptrace not allowed?)");
        }
        try (Reader in = Files.newBufferedReader(folded)) {
            return new Profiled(process.name(), loaded, FoldedProfile.read(in), settings, folded, cpu);
        }
    }

    /** Samples the process for {@link Settings#sampled()}; returns what it and the load generator spent meanwhile. */
    private CpuWindow sample(ServerProcess process, ClientBench client, Path folded) throws IOException {
        ProcessHandle server = ProcessHandle.of(process.pid()).orElseThrow(() -> new IllegalStateException(process.name() + " is not running"));
        ProcessHandle loader = client.running().orElseThrow(() -> new IllegalStateException("the load generator of " + process.name() + " is not running"));
        System.err.printf("profile: %s, %d streams, sampling %d s%n", process.name(), settings.concurrency(), settings.sampled().toSeconds());
        CpuWindow.Reading start = CpuWindow.Reading.of(server, loader);
        try {
            AsyncProfilerLoader.executeProfiler("-d", Long.toString(settings.sampled().toSeconds()), "-e", "cpu",
                    "-i", Long.toString(settings.interval().toNanos()), "-t", "-o", "collapsed", "-f", folded.toString(), Long.toString(process.pid()));
        } catch (IOException e) {
            throw new ProfilerFailed(e);
        }
        return CpuWindow.between(start, CpuWindow.Reading.of(server, loader));
    }

    /** async-profiler did not run: it could not attach, or exited with an error. */
    private static final class ProfilerFailed extends IOException {
        ProfilerFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
