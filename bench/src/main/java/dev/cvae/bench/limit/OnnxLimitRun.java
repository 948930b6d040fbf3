package dev.cvae.bench.limit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link OnnxRuntimeLimit} through JMH's runner, one forked JVM per model, network and batch size, and reads
 * back images per second. JMH's own report of each point goes to a log file.
 */
public final class OnnxLimitRun {
    /** How long JMH warms up and measures each point. */
    public record Timing(int warmupIterations, Duration warmup, int iterations, Duration iteration) {
        public Timing {
            if (warmupIterations < 0) throw new IllegalArgumentException("warmupIterations must be >= 0, got " + warmupIterations);
            if (iterations < 1) throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
            if (warmup.isNegative() || iteration.isZero() || iteration.isNegative()) {
                throw new IllegalArgumentException("warmup must be >= 0 and iteration > 0, got " + warmup + " and " + iteration);
            }
        }
    }

    /** One measured point of the limit curve. */
    public record LimitPoint(String model, String network, int batch, double imagesPerSecond, double imagesPerSecondError) {
        public LimitPoint {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(network, "network");
            if (batch < 1) throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }

        /** Milliseconds one run of the batch takes. */
        public double msPerRun() {
            return imagesPerSecond <= 0 ? Double.NaN : batch * 1000.0 / imagesPerSecond;
        }
    }

    private OnnxLimitRun() {
    }

    /**
     * Measures every model's encoder and decoder at every batch size, one JMH run per point in a shuffled (but
     * fixed) order: a burst of other work on a shared machine then dents a few scattered points instead of one
     * whole batch size of every model.
     *
     * @param models   the directory of model directories
     * @param names    the models to measure, each with its encoder and decoder
     * @param batches  the batch sizes
     * @param logs     where JMH's report of each point goes
     */
    public static List<LimitPoint> measure(Path models, List<String> names, List<Integer> batches, Timing timing, Path logs)
            throws RunnerException, IOException {
        Files.createDirectories(logs);
        List<String[]> points = new ArrayList<>();
        for (String model : names) {
            for (String network : List.of("decoder", "encoder")) {
                for (int batch : batches) points.add(new String[] {model, network, Integer.toString(batch)});
            }
        }
        Collections.shuffle(points, new Random(15));
        List<LimitPoint> measured = new ArrayList<>();
        for (String[] p : points) {
            Options options = new OptionsBuilder()
                    .include(OnnxRuntimeLimit.class.getName() + ".run")
                    .param("model", p[0])
                    .param("network", p[1])
                    .param("batch", p[2])
                    .forks(1)
                    .warmupIterations(timing.warmupIterations())
                    .warmupTime(TimeValue.milliseconds(Math.max(1, timing.warmup().toMillis())))
                    .measurementIterations(timing.iterations())
                    .measurementTime(TimeValue.milliseconds(timing.iteration().toMillis()))
                    .jvmArgsAppend("-D" + OnnxRuntimeLimit.MODELS_PROPERTY + "=" + models.toAbsolutePath())
                    .shouldFailOnError(true)
                    .output(logs.resolve(String.join("-", p) + ".txt").toString())
                    .build();
            for (RunResult result : new Runner(options).run()) measured.add(point(result));
            LimitPoint last = measured.get(measured.size() - 1);
            System.err.printf("limit [%d/%d] %s %s, batch %d: %,.0f images/s%n", measured.size(), points.size(), last.model(), last.network(),
                    last.batch(), last.imagesPerSecond());
        }
        measured.sort(Comparator.comparing(LimitPoint::model).thenComparing(LimitPoint::network).thenComparingInt(LimitPoint::batch));
        return List.copyOf(measured);
    }

    private static LimitPoint point(RunResult result) {
        int batch = Integer.parseInt(result.getParams().getParam("batch"));
        var primary = result.getPrimaryResult();
        double error = Double.isNaN(primary.getScoreError()) ? 0 : primary.getScoreError() * batch;
        return new LimitPoint(result.getParams().getParam("model"), result.getParams().getParam("network"), batch,
                primary.getScore() * batch, error);
    }
}
