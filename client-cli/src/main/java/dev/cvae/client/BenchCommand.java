package dev.cvae.client;

import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.Image;
import dev.cvae.api.v1.ModelInfo;
import dev.cvae.api.v1.ImageFormat;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cvae-client bench}: a bounded load generator against one server. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Load the server over bidirectional streams or unary calls and report throughput, latency and errors.")
public final class BenchCommand extends ClientCommand {
    private static final Duration MAX_DURATION = Duration.ofHours(1);

    @Option(names = "--mode", defaultValue = "stream", description = "stream (one bidirectional stream per worker) or unary (default stream).")
    String mode;

    @Option(names = "--concurrency", defaultValue = "8", description = "Streams or unary callers (default 8).")
    int concurrency;

    @Option(names = "--duration", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Measured time, e.g. 30s, 5m; a plain number is seconds; at most 1h (default 10s).")
    Duration duration;

    @Option(names = "--warmup", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Unmeasured time first, long enough for a fresh JVM to compile its hot path, e.g. 500ms; a plain number is seconds; at most 1h (default 10s).")
    Duration warmup;

    @Option(names = "--requests", defaultValue = "0", description = "Stop after this many requests, warm-up included (default: no limit but the duration).")
    long maxRequests;

    @Option(names = "--rate", defaultValue = "0", description = "Open loop: requests per second in total; 0 = closed loop, one request in flight per worker (default 0).")
    double rate;

    @Option(names = "--mix", defaultValue = "generate=1", description = "Operation weights, e.g. generate=8,encode=1,interpolate=1 (default generate=1).")
    String mix;

    @Option(names = "--count", defaultValue = "1", description = "Images per generate request (default 1).")
    int count;

    @Option(names = "--steps", defaultValue = "8", description = "Frames per interpolate request (default 8).")
    int steps;

    @Option(names = "--operation", defaultValue = "cvae", paramLabel = "cvae|kserve",
            description = "cvae: the --mix of cvae.v1 operations; kserve: the Open Inference Protocol's ModelInfer on <model>-decoder "
                    + "(--count rows of random z and conditions; unary calls, the protocol has no stream) (default cvae).")
    String operation;

    @Option(names = "--format", defaultValue = "png", paramLabel = "png|raw",
            description = "Image format the server answers generate and interpolate in: png (encoded by the server) or raw (float32) (default png).")
    String format;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = cli();
        if (!mode.equals("stream") && !mode.equals("unary")) throw new CommandLine.ParameterException(cli, "--mode: '" + mode + "', expected stream or unary");
        if (concurrency < 1 || concurrency > 10_000) throw new CommandLine.ParameterException(cli, "--concurrency must be 1..10000, got " + concurrency);
        if (duration.isZero() || duration.compareTo(MAX_DURATION) > 0) {
            throw new CommandLine.ParameterException(cli, "--duration must be more than 0 and at most 1h, got " + DurationConverter.format(duration));
        }
        if (warmup.compareTo(MAX_DURATION) > 0) {
            throw new CommandLine.ParameterException(cli, "--warmup must be at most 1h, got " + DurationConverter.format(warmup));
        }
        ImageFormat imageFormat = switch (format) {
            case "png" -> ImageFormat.IMAGE_FORMAT_PNG;
            case "raw" -> ImageFormat.IMAGE_FORMAT_RAW_FLOAT32;
            default -> throw new CommandLine.ParameterException(cli, "--format: '" + format + "', expected png or raw");
        };
        if (maxRequests < 0) throw new CommandLine.ParameterException(cli, "--requests must be >= 0, got " + maxRequests);
        if (rate < 0) throw new CommandLine.ParameterException(cli, "--rate must be >= 0, got " + rate);
        if (count < 1 || steps < 2) throw new CommandLine.ParameterException(cli, "--count must be >= 1 and --steps >= 2");
        if (!operation.equals("cvae") && !operation.equals("kserve")) {
            throw new CommandLine.ParameterException(cli, "--operation: '" + operation + "', expected cvae or kserve");
        }
        boolean kserve = operation.equals("kserve");
        OperationMix operations = OperationMix.parse(mix, cli);
        try (ServerSession session = connect()) {
            ModelInfo model = session.model();
            Image sample = session.blocking().generate(GenerateRequest.newBuilder().setModel(model.getName())
                    .setCondition(Labels.condition(model, model.getLabelNames(0), cli)).setSeed(1).build()).getImages(0).getImage();
            LoadGenerator.Settings settings = new LoadGenerator.Settings(mode.equals("stream") && !kserve, concurrency, rate,
                    maxRequests == 0 ? Long.MAX_VALUE : maxRequests, duration.toNanos(), warmup.toNanos(), operations, count, steps,
                    imageFormat);
            LoadGenerator load = kserve
                    ? new LoadGenerator(session.reactor(), model, sample, settings,
                            new ModelInferLoad(session.inference(), model, ModelInferLoad.conditions(session, model, cli)))
                    : new LoadGenerator(session.reactor(), model, sample, settings);
            PrintWriter err = cli.getErr();
            boolean console = System.console() != null;
            BenchReport report = load.run(connection().target(), elapsed -> {
                String line = String.format("[%4.0f s] %,d requests  %,.0f req/s  %,d errors", elapsed, load.answered(),
                        load.answered() / Math.max(1e-9, elapsed), load.errorCount());
                if (console) err.print("\r" + line);
                else err.println(line);
                err.flush();
            });
            if (console) err.println();
            print(report, cli.getOut());
            return ExitCodes.OK;
        }
    }

    private void print(BenchReport r, PrintWriter out) {
        if (json()) {
            JsonOption.print(out, r);
            return;
        }
        out.printf("target %s, %s, %s images, concurrency %d, %s, %.1f s measured%n", r.target(), r.mode(), r.imageFormat(),
                r.concurrency(), r.targetRate() > 0 ? String.format("open loop at %.0f req/s", r.targetRate()) : "closed loop", r.seconds());
        out.printf("requests   %,d  (%,.1f req/s)%n", r.requests(), r.requestsPerSecond());
        out.printf("images     %,d  (%,.1f images/s)%n", r.images(), r.imagesPerSecond());
        var l = r.latencyMillis();
        out.printf("latency ms p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  mean %.2f%n", l.p50(), l.p90(), l.p99(), l.p999(), l.max(), l.mean());
        out.printf("errors     %s%n", r.errors().isEmpty() ? "none" : r.errors());
    }
}
