package dev.cvae.bench.report;

import static dev.cvae.bench.report.IssueTargets.count;
import static dev.cvae.bench.report.IssueTargets.ms;
import static dev.cvae.bench.report.IssueTargets.percent;
import static dev.cvae.bench.report.IssueTargets.times;
import static dev.cvae.bench.report.ResultIndex.STREAM_16_RAW;
import static dev.cvae.bench.report.ResultIndex.STREAM_1;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cvae.bench.limit.OnnxLimitRun.LimitPoint;
import dev.cvae.bench.run.FullResults;
import dev.cvae.bench.run.FullRun;
import dev.cvae.bench.run.LoadMatrix;
import dev.cvae.bench.run.LoadResult;
import dev.cvae.bench.run.Measurement;
import dev.cvae.bench.run.PairedRounds;
import dev.cvae.bench.run.RssSeries;
import dev.cvae.bench.run.ServerKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes docs/benchmarks.md from one full run, the plots beside it in docs/benchmarks/, and the run's numbers as
 * docs/benchmarks/results.json (read back by the next run, which shows the previous run's p99 beside its own).
 */
public final class BenchmarksPage {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private BenchmarksPage() {
    }

    /** The results a full run saved beside its page, for {@link #write} to draw again (after a change of the page). */
    public static FullResults read(Path docs) throws IOException {
        return JSON.readValue(docs.resolve("benchmarks/results.json").toFile(), FullResults.class);
    }

    /**
     * @param docs     the docs/ directory; benchmarks.md and benchmarks/ go there
     * @param newRun   the results are new: compare with the run saved there before, then save them
     */
    public static void write(FullResults results, Path docs, boolean newRun) throws IOException {
        Path dir = Files.createDirectories(docs.resolve("benchmarks"));
        Path json = dir.resolve("results.json");
        double previousP99 = Double.NaN;
        String previousFrom = "";
        if (newRun && Files.isRegularFile(json)) {
            try {
                FullResults previous = JSON.readValue(json.toFile(), FullResults.class);
                previousP99 = IssueTargets.p99At64(new ResultIndex(previous));
                previousFrom = "commit " + previous.machine().commit();
            } catch (IOException | RuntimeException e) { // an older shape: this run's page and results matter more
                System.err.println("benchmarks: the previous run's " + json + " cannot be read (" + e.getMessage() + "); its p99 is left out");
            }
        }
        ResultIndex index = new ResultIndex(results);
        List<Integer> callers = results.loads().stream().map(Measurement::concurrency).collect(Collectors.toCollection(TreeSet::new))
                .stream().toList();
        Charts.byCallers(index, STREAM_1, callers, "generate (count 1, PNG) over streams: throughput", "requests/s",
                LoadResult::requestsPerSecond, null, null, dir.resolve("throughput.png"));
        Charts.byCallers(index, STREAM_1, callers, "generate (count 1, PNG) over streams: p99 latency", "p99 latency (ms)",
                LoadResult.P99, null, null, dir.resolve("p99.png"));
        Optional<LimitPoint> limit = index.bestLimit("mnist", "decoder");
        Charts.byCallers(index, STREAM_16_RAW, callers, "generate (count 16, raw) over streams: images/s", "images/s",
                LoadResult::imagesPerSecond, limit.map(LimitPoint::imagesPerSecond).orElse(null),
                "in-process ONNX Runtime, batch " + limit.map(LimitPoint::batch).orElse(0), dir.resolve("bulk-images.png"));
        if (!results.limits().isEmpty()) Charts.limitCurve(results.limits(), dir.resolve("limit.png"));
        if (results.rss() != null) Charts.rss(results.rss(), "server RSS over streamed requests", dir.resolve("rss.png"));
        Markdown md = new Markdown();
        header(md, results);
        md.heading(2, "The targets of issue 15");
        md.line("Every ratio is computed from numbers of this one run (the servers of one point run back to back).");
        md.blank();
        md.row("target", "what", "this run", "goal", "met");
        md.alignment("---", "---", "---:", "---", "---");
        for (var t : IssueTargets.of(index, previousP99, previousFrom)) md.row(t.number(), t.what(), t.measured(), t.goal(), t.verdict());
        md.blank();
        index.targetRounds().ifPresent(rounds -> pairedRounds(md, rounds));
        TimeBreakdown.write(md, index, results.machine().cores());
        md.heading(2, "Load over loopback: `cvae-client bench` against `cvae-server`");
        md.line("![throughput](benchmarks/throughput.png)");
        md.blank();
        md.line("![p99](benchmarks/p99.png)");
        md.blank();
        md.line("![bulk images/s](benchmarks/bulk-images.png)");
        md.blank();
        md.line("Closed loop: each caller keeps one request in flight. \"vs max-batch-1\" and \"vs echo\" are the default server's "
                + "throughput over theirs at the same callers. Model `mnist`; errors by gRPC status.");
        md.blank();
        for (LoadMatrix.Row row : FullRun.ROWS) loadTable(md, index, row, callers);
        failures(md, index);
        limits(md, results.limits());
        memory(md, results.rss());
        training(md, results);
        Files.writeString(docs.resolve("benchmarks.md"), md.toString());
        if (newRun) JSON.writeValue(json.toFile(), results);
    }

    /** The targets' points round by round: every server's throughput and the ratios whose medians the table gives. */
    private static void pairedRounds(Markdown md, PairedRounds rounds) {
        md.heading(3, "The targets' points, round by round");
        md.line("After the load matrix, " + rounds.workload().title() + " at 1 and 64 streams against each server again, back to back "
                + "within a round, the order reversed from one point and one round to the next. A ratio is taken within its round; the "
                + "targets above give the median over the rounds. \"CPU stolen\" is the most of the machine's CPU time the hypervisor "
                + "took during one of the round's three client runs (/proc/stat): a round with cores stolen measured the neighbours too.");
        md.blank();
        md.row("streams", "round", "default req/s", "max-batch-1 req/s", "echo req/s", "default / max-batch-1", "default / echo",
                "default p50 / max-batch-1 p50", "default p99 ms", "CPU stolen");
        md.alignment("---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:");
        for (int streams : FullRun.TARGET_STREAMS) {
            double[] def = rounds.values(streams, ServerKind.DEFAULT, LoadResult::requestsPerSecond);
            double[] one = rounds.values(streams, ServerKind.MAX_BATCH_1, LoadResult::requestsPerSecond);
            double[] echo = rounds.values(streams, ServerKind.ECHO, LoadResult::requestsPerSecond);
            double[] batching = rounds.ratios(streams, ServerKind.DEFAULT, ServerKind.MAX_BATCH_1, LoadResult::requestsPerSecond);
            double[] stack = rounds.ratios(streams, ServerKind.DEFAULT, ServerKind.ECHO, LoadResult::requestsPerSecond);
            double[] p50 = rounds.ratios(streams, ServerKind.DEFAULT, ServerKind.MAX_BATCH_1, LoadResult.P50);
            double[] p99 = rounds.values(streams, ServerKind.DEFAULT, LoadResult.P99);
            double[] mostStolen = rounds.mostStolen(streams);
            for (int round = 0; round < def.length; round++) {
                md.row(Integer.toString(streams), Integer.toString(round + 1), count(def[round]), count(one[round]),
                        count(echo[round]), times(batching[round]), percent(stack[round]), times(p50[round]),
                        ms(p99[round]), LoadResult.stolenText(mostStolen[round]));
            }
            md.row(Integer.toString(streams), "**median**", count(PairedRounds.median(def)), count(PairedRounds.median(one)),
                    count(PairedRounds.median(echo)), times(PairedRounds.median(batching)),
                    percent(PairedRounds.median(stack)), times(PairedRounds.median(p50)), ms(PairedRounds.median(p99)),
                    LoadResult.stolenText(PairedRounds.median(mostStolen)));
        }
        md.blank();
    }

    private static void header(Markdown md, FullResults results) {
        var m = results.machine();
        md.heading(1, "Benchmarks");
        md.line("Written by `bench/run.sh --full` (" + String.format("%.0f", results.minutes()) + " minutes); do not edit by hand, run it again. "
                + "Servers, clients and the echo service ran as separate processes on one machine over loopback, so the client's own "
                + "work shares the cores with the server's. Settings: " + results.settings() + ".");
        md.blank();
        md.row("machine", "");
        md.alignment("---", "---");
        md.row("CPU", m.cpuModel() + ", " + m.cores() + " cores");
        md.row("memory", String.format("%.1f GiB", m.memoryGiB()));
        md.row("JDK", m.jdk());
        md.row("date", m.date());
        md.row("commit", m.commit());
        md.row("load average at the start", String.format("%.2f", m.loadAverage()));
        md.row("CPU stolen by the hypervisor while a client ran", stolenOverRuns(results));
        md.blank();
    }

    /** The median and the most of the stolen shares of every client run, matrix and rounds together. */
    static String stolenOverRuns(FullResults results) {
        List<Measurement> runs = new ArrayList<>(results.loads());
        if (results.targetRounds() != null) results.targetRounds().rounds().forEach(runs::addAll);
        double[] stolen = runs.stream().mapToDouble(r -> r.result().stolen()).filter(v -> !Double.isNaN(v)).toArray();
        if (stolen.length == 0) return "not recorded (runs before a0e040e)";
        return String.format("median %s, most %s (%d client runs)", LoadResult.stolenText(PairedRounds.median(stolen)),
                LoadResult.stolenText(Arrays.stream(stolen).max().orElseThrow()), stolen.length);
    }

    private static void loadTable(Markdown md, ResultIndex index, LoadMatrix.Row row, List<Integer> callers) {
        md.heading(3, capitalized(row.workload().title()));
        md.row("callers", "server", "requests/s", "images/s", "p50 ms", "p99 ms", "p99.9 ms", "errors", "vs max-batch-1", "vs echo");
        md.alignment("---:", "---", "---:", "---:", "---:", "---:", "---:", "---", "---:", "---:");
        for (int c : callers) {
            for (ServerKind server : row.servers()) {
                Optional<Measurement> m = index.results().loads().stream()
                        .filter(x -> x.workload().equals(row.workload()) && x.concurrency() == c && x.server() == server).findFirst();
                if (m.isEmpty()) continue;
                LoadResult r = m.get().result();
                if (!r.ok()) {
                    md.row(Integer.toString(c), server.label(), "failed", "", "", "", "", r.failure(), "", "");
                    continue;
                }
                boolean def = server == ServerKind.DEFAULT;
                md.row(Integer.toString(c), server.label(), count(r.requestsPerSecond()), count(r.imagesPerSecond()), ms(r.latencyMillis().p50()),
                        ms(r.latencyMillis().p99()), ms(r.latencyMillis().p999()), r.errors().isEmpty() ? "none" : r.errors().toString(),
                        def ? times(PairedRounds.ratio(r.requestsPerSecond(), index.requestsPerSecond(row.workload(), c, ServerKind.MAX_BATCH_1))) : "",
                        def && row.servers().contains(ServerKind.ECHO)
                                ? times(PairedRounds.ratio(r.requestsPerSecond(), index.requestsPerSecond(row.workload(), c, ServerKind.ECHO))) : "");
            }
        }
        md.blank();
    }

    private static void failures(Markdown md, ResultIndex index) {
        md.heading(2, "Failures below the queue bound");
        List<Measurement> failed = IssueTargets.belowQueueBound(index).stream().filter(m -> !m.result().ok() || m.result().errorCount() > 0).toList();
        md.line("Runs of the real server with at most " + IssueTargets.QUEUE_BOUND + " rows in flight (callers x rows per request, the "
                + "default `--max-queue`) that had failed requests: " + (failed.isEmpty() ? "none." : ""));
        md.blank();
        for (Measurement m : failed) {
            md.line("- " + m.workload().title() + ", " + m.concurrency() + " callers, " + m.server().label() + ": "
                    + (m.result().ok() ? m.result().errors() : m.result().failure()));
        }
        if (!failed.isEmpty()) md.blank();
    }

    private static void limits(Markdown md, List<LimitPoint> limits) {
        md.heading(2, "The limit: ONNX Runtime in-process");
        md.line("JMH (`dev.cvae.bench.limit.OnnxRuntimeLimit`): one network run by the server's `OnnxNetwork`, sessions from its "
                + "`SessionFactory` with one intra-op thread (the default), one batch after another, warm. Images/s:");
        md.blank();
        List<Integer> batches = limits.stream().map(LimitPoint::batch).distinct().sorted().toList();
        md.row(Stream.concat(Stream.of("model", "network"), batches.stream().map(b -> "batch " + b)).toArray(String[]::new));
        md.alignment(Stream.concat(Stream.of("---", "---"), batches.stream().map(b -> "---:")).toArray(String[]::new));
        limits.stream().map(p -> p.model() + "\t" + p.network()).distinct().forEach(key -> {
            String[] k = key.split("\t");
            md.row(Stream.concat(Stream.of("`" + k[0] + "`", k[1]), batches.stream().map(b -> limits.stream()
                    .filter(p -> p.model().equals(k[0]) && p.network().equals(k[1]) && p.batch() == b).findFirst()
                    .map(p -> count(p.imagesPerSecond())).orElse(""))).toArray(String[]::new));
        });
        md.blank();
        md.line("![limit](benchmarks/limit.png)");
        md.blank();
    }

    private static void memory(Markdown md, RssSeries rss) {
        md.heading(2, "Resident memory");
        if (rss == null) {
            md.line("Left out of this run.");
            md.blank();
            return;
        }
        md.line("A fresh `cvae-server` with its defaults; load: `" + rss.load() + "`; VmRSS from /proc/PID/status. Growth is measured "
                + String.format("from the reading after the first %,d requests (the warm-up) to the last: %+.1f%% (peak %+.1f%%).",
                rss.warmupAt(), rss.growthPercent(), rss.peakGrowthPercent()));
        md.blank();
        md.row(rss.unit(), "RSS MiB");
        md.alignment("---:", "---:");
        for (RssSeries.Sample s : rss.samples()) md.row(String.format("%,d", s.at()), String.format("%,.0f", s.residentKib() / 1024.0));
        md.blank();
        md.line("![rss](benchmarks/rss.png)");
        md.blank();
        md.line("The hour of mixed load at a fixed rate is `bench/run.sh --soak 1h`; it writes docs/benchmarks-soak.md.");
        md.blank();
    }

    private static void training(Markdown md, FullResults results) {
        md.heading(2, "Training");
        var t = results.training();
        if (!t.measured()) {
            md.line("One epoch on Fashion-MNIST: not measured, " + t.skipped() + ".");
        } else {
            md.line(String.format("One epoch on Fashion-MNIST (60,000 images) took **%.1f s** (the epoch's time as model.json records it; "
                    + "the whole run with start-up, the two classifiers and the report took %.0f s): `%s`.", t.epochSeconds(), t.wallSeconds(), t.command()));
        }
        md.blank();
    }

    static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
