package dev.cvae.bench.report;

import static dev.cvae.bench.report.IssueTargets.count;
import static dev.cvae.bench.report.ResultIndex.STREAM_16_PNG;
import static dev.cvae.bench.report.ResultIndex.STREAM_16_RAW;

import dev.cvae.bench.limit.OnnxLimitRun.LimitPoint;
import dev.cvae.bench.run.ServerKind;
import dev.cvae.bench.run.Workload;
import java.util.Optional;

/**
 * Where the time of bulk generation goes (64 streams, count 16): the core time one image costs on each path, from
 * the runtime alone through the bare stack to the server, raw and PNG, and the differences between them.
 */
final class TimeBreakdown {
    static final int STREAMS = 64;
    /** The server's default --max-batch: the largest batch it runs. */
    static final int SERVER_MAX_BATCH = 64;

    private TimeBreakdown() {
    }

    static void write(Markdown md, ResultIndex index, int cores) {
        md.heading(2, "Where the time of bulk generation goes");
        md.line("64 streams, generate count 16. A closed loop of 64 streams keeps every core busy, so cores x 10^6 / (images/s) is "
                + "the core time one image costs on that path, the client's share included; the in-process runtime uses one core, so "
                + "there it is 10^6 / (images/s). The differences are estimates: the paths overlap on shared cores.");
        md.blank();
        Optional<LimitPoint> limit = index.bestLimit("mnist", "decoder");
        double ort = limit.map(p -> 1e6 / p.imagesPerSecond()).orElse(Double.NaN);
        double echoRaw = cost(index, STREAM_16_RAW, ServerKind.ECHO, cores);
        double echoPng = cost(index, STREAM_16_PNG, ServerKind.ECHO, cores);
        double raw = cost(index, STREAM_16_RAW, ServerKind.DEFAULT, cores);
        double png = cost(index, STREAM_16_PNG, ServerKind.DEFAULT, cores);
        md.row("path", "images/s", "core-us per image");
        md.alignment("---", "---:", "---:");
        md.row("ONNX Runtime in-process, mnist decoder" + limit.map(p -> ", batch " + p.batch()).orElse("") + ", 1 thread",
                count(limit.map(LimitPoint::imagesPerSecond).orElse(Double.NaN)), us(ort));
        index.results().limits().stream().filter(p -> p.model().equals("mnist") && p.network().equals("decoder") && p.batch() == SERVER_MAX_BATCH)
                .findFirst().ifPresent(p -> md.row("the same at batch " + SERVER_MAX_BATCH + ", the server's default `--max-batch`",
                        count(p.imagesPerSecond()), us(1e6 / p.imagesPerSecond())));
        md.row("echo service, raw (gRPC + Reactor + client, no inference)", count(index.imagesPerSecond(STREAM_16_RAW, STREAMS, ServerKind.ECHO)), us(echoRaw));
        md.row("echo service, PNG", count(index.imagesPerSecond(STREAM_16_PNG, STREAMS, ServerKind.ECHO)), us(echoPng));
        md.row("cvae-server, raw", count(index.imagesPerSecond(STREAM_16_RAW, STREAMS, ServerKind.DEFAULT)), us(raw));
        md.row("cvae-server, PNG", count(index.imagesPerSecond(STREAM_16_PNG, STREAMS, ServerKind.DEFAULT)), us(png));
        md.blank();
        md.row("difference", "core-us per image", "share of the server's raw path");
        md.alignment("---", "---:", "---:");
        md.row("inference (the runtime alone)", us(ort), share(ort, raw));
        md.row("the stack: gRPC, protobuf, Reactor, the client (echo raw)", us(echoRaw), share(echoRaw, raw));
        md.row("the rest: batching, hand-offs, copies, response building (server raw - echo raw - inference)", us(raw - echoRaw - ort),
                share(raw - echoRaw - ort, raw));
        md.row("PNG instead of raw in the server (server PNG - server raw)", us(png - raw), share(png - raw, raw));
        md.row("of which the stack carries PNG instead of raw bytes (echo PNG - echo raw)", us(echoPng - echoRaw), share(echoPng - echoRaw, raw));
        md.row("so PNG encoding itself, about", us((png - raw) - (echoPng - echoRaw)), share((png - raw) - (echoPng - echoRaw), raw));
        md.blank();
    }

    private static double cost(ResultIndex index, Workload workload, ServerKind server, int cores) {
        double ips = index.imagesPerSecond(workload, STREAMS, server);
        return ips > 0 ? cores * 1e6 / ips : Double.NaN;
    }

    private static String us(double x) {
        return Double.isNaN(x) ? "n/a" : String.format("%.1f", x);
    }

    private static String share(double part, double whole) {
        return Double.isNaN(part) || !(whole > 0) ? "n/a" : String.format("%.0f%%", 100 * part / whole);
    }
}
