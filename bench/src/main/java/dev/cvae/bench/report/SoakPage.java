package dev.cvae.bench.report;

import dev.cvae.bench.run.LoadResult;
import dev.cvae.bench.run.MachineInfo;
import dev.cvae.bench.run.MemoryRuns;
import dev.cvae.bench.run.RssSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes docs/benchmarks-soak.md and its RSS plot from one soak run. */
public final class SoakPage {
    private SoakPage() {
    }

    public static void write(MemoryRuns.Soak soak, MachineInfo machine, Path docs) throws IOException {
        Path dir = Files.createDirectories(docs.resolve("benchmarks"));
        RssSeries rss = soak.rss();
        Charts.rss(rss, "server RSS during the soak", dir.resolve("soak-rss.png"));
        Markdown md = new Markdown();
        md.heading(1, "Soak: resident memory under a steady mixed load");
        md.line(String.format("Written by `bench/run.sh --soak %s`; do not edit by hand. A fresh `cvae-server` with its defaults, "
                        + "%.0f requests/s for %s: `%s`. Machine: %s, %d cores, %.1f GiB, %s, %s, commit %s.",
                option(soak.length()), soak.rate(), human(soak.length()), rss.load(), machine.cpuModel(), machine.cores(),
                machine.memoryGiB(), machine.jdk(), machine.date(), machine.commit()));
        md.blank();
        md.line(String.format("RSS growth from sample %d (the end of the warm-up) to the last: **%+.1f%%** (peak %+.1f%%); goal: under 10%%.",
                rss.warmupAt(), rss.growthPercent(), rss.peakGrowthPercent()));
        md.blank();
        md.row("client run", "requests/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
        md.alignment("---:", "---:", "---:", "---:", "---:", "---:", "---");
        int n = 0;
        for (LoadResult r : soak.load()) {
            md.row(Integer.toString(++n), IssueTargets.count(r.requestsPerSecond()), IssueTargets.ms(r.latencyMillis().p50()),
                    IssueTargets.ms(r.latencyMillis().p99()), IssueTargets.ms(r.latencyMillis().p999()), IssueTargets.ms(r.latencyMillis().max()),
                    r.errors().isEmpty() ? "none" : r.errors().toString());
        }
        md.blank();
        md.row(rss.unit(), "RSS MiB");
        md.alignment("---:", "---:");
        for (RssSeries.Sample s : rss.samples()) md.row(Long.toString(s.at()), String.format("%,.0f", s.residentKib() / 1024.0));
        md.blank();
        md.line("![soak rss](benchmarks/soak-rss.png)");
        Files.writeString(docs.resolve("benchmarks-soak.md"), md.toString());
    }

    /** As --soak takes it: 1h, 30m, 45s. */
    private static String option(java.time.Duration d) {
        long s = d.toSeconds();
        return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static String human(java.time.Duration d) {
        long m = d.toMinutes();
        return m >= 60 && m % 60 == 0 ? (m / 60) + (m == 60 ? " hour" : " hours") : m > 0 && d.toSeconds() % 60 == 0
                ? m + (m == 1 ? " minute" : " minutes") : d.toSeconds() + " s";
    }
}
