package dev.cvae.bench.report;

import static dev.cvae.bench.report.ResultIndex.STREAM_16_PNG;
import static dev.cvae.bench.report.ResultIndex.STREAM_16_RAW;
import static dev.cvae.bench.run.ServerKind.DEFAULT;
import static dev.cvae.bench.run.ServerKind.ECHO;
import static dev.cvae.bench.run.ServerKind.MAX_BATCH_1;

import dev.cvae.bench.limit.OnnxLimitRun.LimitPoint;
import dev.cvae.bench.run.LoadResult;
import dev.cvae.bench.run.PairedRounds;
import dev.cvae.bench.run.Measurement;
import dev.cvae.bench.run.RssSeries;
import dev.cvae.bench.run.ServerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ratios the targets of issue 15 name, each computed from numbers of the same run, with its goal: targets 1 and 2
 * and target 5's p99 from the run's paired rounds (the median of the in-round ratios; the throughputs beside a ratio
 * are each server's own median), the others from the load matrix. A value that could not be measured (a failed run, a
 * part left out) is NaN and its verdict "n/a".
 */
final class IssueTargets {
    /** The server's default --max-queue: loads with at most this many rows in flight must not fail. */
    static final int QUEUE_BOUND = 4096;
    /**
     * p99 at 64 streams, count 1, defaults, when issue 15 was filed (its table: "64 streams | 13,249 req/s, p99 15.1 ms"):
     * target 5 asks for a p99 no worse than this "today's".
     */
    static final double FILED_P99_64_MS = 15.1;

    /** One line of the targets table. */
    record Target(String number, String what, String measured, String goal, Optional<Boolean> met) {
        String verdict() {
            return met.map(m -> m ? "yes" : "**no**").orElse("n/a");
        }
    }

    private IssueTargets() {
    }

    /** @param previousP99 p99 ms at 64 streams of the run before this one (NaN: none), and where it comes from */
    static List<Target> of(ResultIndex index, double previousP99, String previousFrom) {
        List<Target> targets = new ArrayList<>();
        String how = index.targetRounds().map(r -> ", median of " + r.rounds().size() + " paired rounds").orElse("");
        double one = index.targetRatio(1, DEFAULT, MAX_BATCH_1, LoadResult::requestsPerSecond);
        double p50 = index.targetRatio(1, DEFAULT, MAX_BATCH_1, LoadResult.P50);
        targets.add(new Target("1", "1 stream, generate count 1: throughput, default / `--max-batch 1`" + how, times(one), ">= 0.90x",
                atLeast(one, 0.9)));
        targets.add(new Target("1", "1 stream: p50, default / `--max-batch 1`" + how, String.format("%s (%s vs %s ms)", times(p50),
                ms(index.targetValue(1, DEFAULT, LoadResult.P50)), ms(index.targetValue(1, MAX_BATCH_1, LoadResult.P50))), "<= 1.10x", atMost(p50, 1.1)));
        double batching = index.targetRatio(64, DEFAULT, MAX_BATCH_1, LoadResult::requestsPerSecond);
        double stack = index.targetRatio(64, DEFAULT, ECHO, LoadResult::requestsPerSecond);
        targets.add(new Target("2", "64 streams, count 1: throughput, default / `--max-batch 1`" + how, times(batching), ">= 5x",
                atLeast(batching, 5)));
        targets.add(new Target("2", "64 streams, count 1: throughput, default / echo (the stack limit)" + how, String.format(
                "%s (%s%s vs %s req/s)", percent(stack), index.targetRounds().isPresent() ? "medians " : "", count(index.targetValue(64, DEFAULT, LoadResult::requestsPerSecond)),
                count(index.targetValue(64, ECHO, LoadResult::requestsPerSecond))), ">= 60%", atLeast(stack, 0.6)));
        Optional<LimitPoint> limit = index.bestLimit("mnist", "decoder");
        double raw = index.imagesPerSecond(STREAM_16_RAW, 64, DEFAULT);
        double ofLimit = PairedRounds.ratio(raw, limit.map(LimitPoint::imagesPerSecond).orElse(Double.NaN));
        targets.add(new Target("3", "64 streams, count 16, raw: images/s / in-process ONNX Runtime's best (mnist decoder" + limit.map(
                p -> ", batch " + p.batch()).orElse("") + ")", String.format("%s (%s vs %s images/s)", percent(ofLimit), count(raw),
                count(limit.map(LimitPoint::imagesPerSecond).orElse(Double.NaN))), ">= 50%", atLeast(ofLimit, 0.5)));
        double png = PairedRounds.ratio(index.imagesPerSecond(STREAM_16_PNG, 64, DEFAULT), raw);
        targets.add(new Target("3", "64 streams, count 16: images/s, PNG / raw", times(png), "say where the rest goes (below)", Optional.empty()));
        RssSeries rss = index.results().rss();
        double growth = rss == null ? Double.NaN : rss.growthPercent();
        targets.add(new Target("4", rss == null ? "RSS growth after warm-up (RSS run left out)" : String.format(
                "RSS growth after warm-up, %,d streamed requests", rss.samples().get(rss.samples().size() - 1).at()),
                Double.isNaN(growth) ? "n/a" : String.format("%+.1f%% (peak %+.1f%%)", growth, rss.peakGrowthPercent()), "< 10%",
                Double.isNaN(growth) ? Optional.empty() : Optional.of(growth < 10)));
        double p99 = p99At64(index);
        targets.add(new Target("5", "p99 at 64 streams, count 1 (default)" + how, ms(p99) + " ms" + (Double.isNaN(previousP99) ? ""
                : " (previous run " + ms(previousP99) + " ms, " + previousFrom + ")"), String.format(
                "no worse than when the issue was filed (%.1f ms)", FILED_P99_64_MS), atMost(p99, FILED_P99_64_MS)));
        List<Measurement> below = belowQueueBound(index);
        long failed = below.stream().mapToLong(m -> m.result().errorCount()).sum();
        long broken = below.stream().filter(m -> !m.result().ok()).count();
        targets.add(new Target("5", "failed requests, every load of the server with at most " + QUEUE_BOUND + " rows in flight (" + below.size()
                + " runs)", String.format("%,d%s", failed, broken > 0 ? ", and " + broken + " runs without a report" : ""), "0",
                Optional.of(failed == 0 && broken == 0)));
        return targets;
    }

    /** The default server's p99 at 64 streams, count 1: the targets' point, as {@link ResultIndex#targetValue}. */
    static double p99At64(ResultIndex index) {
        return index.targetValue(64, DEFAULT, LoadResult.P99);
    }

    /** The real server's runs whose rows in flight stay within the queue bound. */
    static List<Measurement> belowQueueBound(ResultIndex index) {
        return index.results().loads().stream().filter(m -> m.server() != ServerKind.ECHO && m.rowsInFlight() <= QUEUE_BOUND).toList();
    }

    private static Optional<Boolean> atLeast(double value, double goal) {
        return Double.isNaN(value) ? Optional.empty() : Optional.of(value >= goal);
    }

    private static Optional<Boolean> atMost(double value, double goal) {
        return Double.isNaN(value) ? Optional.empty() : Optional.of(value <= goal);
    }

    static String times(double x) {
        return Double.isNaN(x) ? "n/a" : String.format("%.2fx", x);
    }

    static String percent(double x) {
        return Double.isNaN(x) ? "n/a" : String.format("%.0f%%", 100 * x);
    }

    static String ms(double x) {
        return Double.isNaN(x) ? "n/a" : String.format("%.2f", x);
    }

    static String count(double x) {
        return Double.isNaN(x) ? "n/a" : String.format("%,.0f", x);
    }
}
