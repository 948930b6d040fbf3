package dev.cvae.bench.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code cvae-client bench --json} in its own process, as a user would, and reads its report. A run that
 * fails (the client exits non-zero, or hangs past its bound) becomes a {@link LoadResult#failed failed result}
 * naming its log, so one bad point does not end a long benchmark.
 */
public final class ClientBench {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    /** The bench command's model: the numbers are all on mnist. */
    public static final String MODEL = "mnist";

    private final Installation installation;
    private final ChildProcesses children;
    private final Path logs;
    private final AtomicInteger runs = new AtomicInteger();
    /** The client process of the run in progress, for whoever measures it from outside (the profile's CPU time). */
    private volatile Process running;

    public ClientBench(Installation installation, ChildProcesses children, Path logs) {
        this.installation = installation;
        this.children = children;
        this.logs = logs;
    }

    /** A closed-loop run: {@code concurrency} callers, each with one request in flight. */
    public LoadResult closedLoop(ServerProcess server, Workload workload, int concurrency, Duration warmup, Duration duration)
            throws InterruptedException {
        List<String> options = new ArrayList<>(workload.clientOptions());
        options.addAll(List.of("--concurrency", Integer.toString(concurrency), "--warmup", millis(warmup), "--duration", millis(duration)));
        return run(server, workload.key() + "-c" + concurrency, options, warmup.plus(duration));
    }

    /**
     * Any bench run, e.g. {@code --requests N} or {@code --rate R --mix ...}.
     *
     * @param expected how long it should take; it is stopped a minute after that
     */
    public LoadResult run(ServerProcess server, String label, List<String> options, Duration expected) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(installation.java().toString(), "-jar", installation.clientJar().toString(),
                "--json", "bench", "--target", server.target(), "--model", MODEL));
        command.addAll(options);
        String name = String.format("client-%03d-%s-%s", runs.incrementAndGet(), server.name(), label);
        Path out = logs.resolve(name + ".json");
        Path err = logs.resolve(name + ".log");
        Optional<StolenTime> stolenBefore = StolenTime.now();
        LoadResult result = runClient(command, expected, out, err);
        // a failed run keeps it too: the neighbours may be why it failed
        Optional<StolenTime> stolenAfter = StolenTime.now();
        return stolenBefore.isPresent() && stolenAfter.isPresent()
                ? result.withStolenPercent(stolenAfter.get().percentSince(stolenBefore.get())) : result;
    }

    private LoadResult runClient(List<String> command, Duration expected, Path out, Path err) throws InterruptedException {
        try {
            Process process = children.start(command, installation.root(), Map.of(), out, err);
            running = process;
            int exit;
            try {
                exit = children.await(process, expected.toSeconds() + 60);
            } finally {
                running = null;
            }
            if (exit != 0) return LoadResult.failed("cvae-client exited with " + exit + "; see " + err);
            return JSON.readValue(out.toFile(), LoadResult.class);
        } catch (IOException | IllegalStateException e) {
            return LoadResult.failed(e.getMessage() + "; see " + err);
        }
    }

    /** The client process of the run in progress, if one is. */
    public Optional<ProcessHandle> running() {
        Process process = running;
        return process == null ? Optional.empty() : Optional.of(process.toHandle());
    }

    private static String millis(Duration d) {
        return d.toMillis() + "ms";
    }
}
