package dev.cvae.bench.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The two resident-memory runs, each on a fresh {@code cvae-server} with its defaults: a fixed number of streamed
 * generate requests with RSS read after every step, and the soak, a mixed open-loop load at a fixed rate for a long
 * time with RSS read every minute.
 */
public final class MemoryRuns {
    /** Streams of the request-count run. */
    static final int STREAMS = 64;
    /** Callers of the soak; the rate, not their number, sets its load. */
    static final int SOAK_CALLERS = 16;
    static final String SOAK_MIX = "generate=8,encode=1,interpolate=1";
    /** The soak's first twelfth (5 minutes of an hour) is its warm-up: pools, JIT and heap settle there. */
    static final long SOAK_WARMUP_SHARE = 12;
    private static final Duration CLIENT_MAX = Duration.ofHours(1);

    private final Installation installation;
    private final ChildProcesses children;
    private final ClientBench client;
    private final Path logs;

    public MemoryRuns(Installation installation, ChildProcesses children, ClientBench client, Path logs) {
        this.installation = installation;
        this.children = children;
        this.client = client;
        this.logs = logs;
    }

    /**
     * {@code total} streamed generate requests (count 1, PNG) in client runs of {@code step} requests each, RSS read
     * before the first and after each; the first step is the warm-up.
     */
    public RssSeries streamed(long total, long step) throws IOException, InterruptedException {
        if (step < 1 || total < step) throw new IllegalArgumentException("step must be 1..total, got step " + step + ", total " + total);
        List<String> options = List.of("--mix", "generate=1", "--count", "1", "--format", "png", "--mode", "stream",
                "--concurrency", Integer.toString(STREAMS), "--warmup", "0ms", "--duration", "1h", "--requests", Long.toString(step));
        List<RssSeries.Sample> samples = new ArrayList<>();
        try (ServerProcess server = ServerProcess.server(installation, children, "rss", List.of(), logs)) {
            samples.add(new RssSeries.Sample(0, server.residentKib()));
            for (long done = step; done <= total; done += step) {
                LoadResult r = client.run(server, "rss-" + done, options, Duration.ofSeconds(Math.max(120, step / 200)));
                if (!r.ok()) throw new IOException("the RSS run failed after " + (done - step) + " requests: " + r.failure());
                samples.add(new RssSeries.Sample(done, server.residentKib()));
                System.err.printf("rss: %,d requests, %,d MiB%n", done, samples.get(samples.size() - 1).residentKib() / 1024);
            }
        }
        return new RssSeries("requests", step, "cvae-client bench " + String.join(" ", options.subList(0, 10)) + " (runs of "
                + String.format("%,d", step) + " requests)", samples);
    }

    /**
     * The mixed load at {@code rate} requests per second for {@code length}, RSS read every {@code every}; the first
     * {@code every} is the warm-up.
     */
    public Soak soak(Duration length, double rate, Duration every) throws IOException, InterruptedException {
        List<RssSeries.Sample> samples = Collections.synchronizedList(new ArrayList<>());
        List<LoadResult> results = new ArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        List<String> options = List.of("--mix", SOAK_MIX, "--rate", new java.math.BigDecimal(rate).stripTrailingZeros().toPlainString(), "--concurrency", Integer.toString(SOAK_CALLERS),
                "--warmup", "0ms");
        try (ServerProcess server = ServerProcess.server(installation, children, "soak", List.of(), logs)) {
            long start = System.nanoTime();
            sampler.scheduleAtFixedRate(() -> {
                try {
                    long minutes = (System.nanoTime() - start) / 60_000_000_000L;
                    samples.add(new RssSeries.Sample(Math.round((System.nanoTime() - start) / (double) every.toNanos()), server.residentKib()));
                    System.err.printf("soak: %d min, %,d MiB%n", minutes, samples.get(samples.size() - 1).residentKib() / 1024);
                } catch (IOException e) {
                    System.err.println("soak: cannot read the server's RSS: " + e.getMessage());
                }
            }, 0, every.toNanos(), TimeUnit.NANOSECONDS);
            for (Duration left = length; !left.isZero() && !left.isNegative(); left = left.minus(CLIENT_MAX)) {
                Duration part = left.compareTo(CLIENT_MAX) > 0 ? CLIENT_MAX : left;
                List<String> run = new ArrayList<>(options);
                run.addAll(List.of("--duration", part.toMillis() + "ms"));
                LoadResult r = client.run(server, "soak", run, part);
                if (!r.ok()) throw new IOException("the soak failed: " + r.failure());
                results.add(r);
            }
            sampler.shutdown();
            sampler.awaitTermination(10, TimeUnit.SECONDS);
        } finally {
            sampler.shutdownNow();
        }
        long warmup = Math.max(1, length.toNanos() / SOAK_WARMUP_SHARE / every.toNanos());
        return new Soak(length, rate, new RssSeries(every.toSeconds() == 60 ? "minutes" : "samples of " + every.toSeconds() + " s", warmup,
                "cvae-client bench " + String.join(" ", options), samples), results);
    }

    /** The soak's memory series and the client's reports (one per hour or part of one). */
    public record Soak(Duration length, double rate, RssSeries rss, List<LoadResult> load) {
        public Soak {
            load = List.copyOf(load);
        }
    }
}
