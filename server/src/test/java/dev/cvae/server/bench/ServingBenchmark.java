package dev.cvae.server.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.ReactorCvaeServiceGrpc;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.api.v1.StreamResponse;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.grpc.CvaeServer;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.inference.LatentSampler;
import dev.cvae.server.metrics.ServerMetrics;
import dev.cvae.server.model.ModelLoader;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.runtime.ExecutionDevice;
import dev.cvae.server.runtime.OnnxNetwork;
import dev.cvae.server.runtime.SessionFactory;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.api.v1.CvaeServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Throughput and latency of the bundled mnist decoder, printed (not asserted: machines are shared and noisy).
 * Not part of {@code mvn verify}; run with {@code mvn -Pbench -pl server -am verify}. Each stream is closed-loop:
 * it sends a generate request (count 1), waits for the answer, sends the next.
 */
@Tag("benchmark")
class ServingBenchmark {
    private static final Duration WARMUP = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 2));
    /** The server's defaults: --intra-op-threads 1, --max-batch 64, --max-delay-us 250. */
    private static final int DEFAULT_INTRA_OP_THREADS = 1;
    private static final BatchPolicy DEFAULT_POLICY = new BatchPolicy(64, Duration.ofNanos(250_000), 4096, 1);
    private static final Duration MEASURE = Duration.ofSeconds(Long.getLong("bench.seconds", 6));

    @Test
    void onnxRuntimeDecoderInProcess() throws Exception {
        byte[] model = Files.readAllBytes(BundledModels.MNIST.resolve("decoder.onnx"));
        System.out.println("\n== ONNX Runtime in-process, mnist decoder, one caller ==");
        System.out.printf("%-14s %6s %14s %12s%n", "intra-op", "batch", "images/s", "ms/run");
        for (int threads : new int[] {1, 0}) {
            try (OnnxNetwork decoder = new SessionFactory(ExecutionDevice.CPU_DEVICE, threads).open(model)) {
                int latent = decoder.inputs().stream().filter(p -> p.name().equals("z")).findFirst().orElseThrow().width();
                for (int batch : new int[] {1, 16, 64, 256}) {
                    Map<String, FloatBuffer> in = Map.of(
                            "z", direct(LatentSampler.sample(1, batch, latent)),
                            "c", direct(oneHots(batch, 10)));
                    long end = System.nanoTime() + WARMUP.toNanos();
                    while (System.nanoTime() < end) decoder.run(in, batch);
                    long runs = 0;
                    long start = System.nanoTime();
                    end = start + MEASURE.toNanos();
                    while (System.nanoTime() < end) {
                        decoder.run(in, batch);
                        runs++;
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    System.out.printf("%-14s %6d %14.0f %12.3f%n", threads == 0 ? "auto" : threads + " thread", batch,
                            runs * batch / seconds, seconds * 1000 / runs);
                    assertTrue(runs > 0);
                }
            }
        }
    }

    @Test
    void generateOverBidirectionalStreams() throws Exception {
        System.out.println("\n== generate (count 1) over bidirectional streams, loopback socket, mnist ==");
        System.out.printf("%-34s %8s %12s %9s %9s %9s %10s%n", "config", "streams", "requests/s", "p50 ms", "p99 ms",
                "max ms", "mean batch");
        List<Config> configs = List.of(
                new Config("micro-batching (server defaults)", DEFAULT_POLICY),
                new Config("max batch 1", new BatchPolicy(1, Duration.ZERO, 4096, 1)));
        for (Config config : configs) {
            for (int streams : new int[] {1, 8, 64}) {
                Result r = run(config.policy(), streams, DEFAULT_INTRA_OP_THREADS);
                System.out.printf("%-34s %8d %12.0f %9.2f %9.2f %9.2f %10.1f%n", config.name(), streams, r.perSecond(),
                        r.p50(), r.p99(), r.max(), r.meanBatch());
                assertTrue(r.perSecond() > 0);
            }
        }
    }

    @Test
    void batchingKnobs() throws Exception {
        System.out.println("\n== batching knobs (generate count 1 over streams) ==");
        System.out.printf("%-40s %8s %12s %9s %9s %10s%n", "max batch / max delay / intra-op threads", "streams", "requests/s",
                "p50 ms", "p99 ms", "mean batch");
        for (Duration delay : List.of(Duration.ZERO, Duration.ofNanos(250_000), Duration.ofMillis(1))) {
            for (int streams : new int[] {1, 8, 64}) knob(new BatchPolicy(64, delay, 4096, 1), 1, streams);
        }
        for (int maxBatch : new int[] {16, 256}) knob(new BatchPolicy(maxBatch, Duration.ZERO, 4096, 1), 1, 64);
        for (int threads : new int[] {2, 0}) knob(new BatchPolicy(64, Duration.ZERO, 4096, 1), threads, 64);
    }

    /**
     * The cost of metrics on the inference path: the same load with metrics off and on (Prometheus registry,
     * gRPC interceptor, batch observers, one scrape a second), alternated so that drift on a shared machine
     * falls on both alike.
     */
    @Test
    void metricsOverhead() throws Exception {
        System.out.println("\n== metrics off vs on (server defaults, generate count 1 over streams) ==");
        System.out.printf("%-10s %8s %6s %12s %9s %9s%n", "metrics", "streams", "round", "requests/s", "p50 ms", "p99 ms");
        int rounds = Integer.getInteger("bench.rounds", 3);
        for (int streams : new int[] {1, 64}) {
            double[] ratios = new double[rounds];
            for (int round = 1; round <= rounds; round++) {
                double[] perSecond = new double[2];
                for (int on = 0; on <= 1; on++) {
                    Result r = run(DEFAULT_POLICY, streams, DEFAULT_INTRA_OP_THREADS, on == 1);
                    perSecond[on] = r.perSecond();
                    System.out.printf("%-10s %8d %6d %12.0f %9.2f %9.2f%n", on == 1 ? "on" : "off", streams, round,
                            r.perSecond(), r.p50(), r.p99());
                }
                ratios[round - 1] = perSecond[1] / perSecond[0];
                assertTrue(perSecond[0] > 0 && perSecond[1] > 0);
            }
            Arrays.sort(ratios);
            System.out.printf("streams %d: metrics on / off, per round: %s; median %.3f%n", streams,
                    Arrays.toString(Arrays.stream(ratios).map(x -> Math.round(x * 1000) / 1000.0).toArray()), ratios[rounds / 2]);
        }
    }

    private static void knob(BatchPolicy policy, int intraOpThreads, int streams) throws Exception {
        Result r = run(policy, streams, intraOpThreads);
        System.out.printf("%-40s %8d %12.0f %9.2f %9.2f %10.1f%n", policy.maxBatch() + " / " + policy.maxDelay().toNanos() / 1000
                + " us / " + (intraOpThreads == 0 ? "auto" : intraOpThreads), streams, r.perSecond(), r.p50(), r.p99(), r.meanBatch());
    }

    private record Config(String name, BatchPolicy policy) {
    }

    private record Result(double perSecond, double p50, double p99, double max, double meanBatch) {
    }

    private static Result run(BatchPolicy policy, int streams, int intraOpThreads) throws Exception {
        return run(policy, streams, intraOpThreads, false);
    }

    /**
     * One stalled client (a stream of 300 requests of 64 raw images that reads nothing) beside 16 busy streams:
     * their throughput and p99 with and without it, alternated in rounds.
     */
    @Test
    void aStalledStreamDoesNotSlowTheOthers() throws Exception {
        System.out.println("\n== 16 busy streams, without and with one stalled stream (server defaults) ==");
        System.out.printf("%-10s %6s %12s %9s %9s%n", "stalled", "round", "requests/s", "p50 ms", "p99 ms");
        for (int round = 1; round <= 2; round++) {
            for (boolean stalled : new boolean[] {false, true}) {
                Result r = run(DEFAULT_POLICY, 16, DEFAULT_INTRA_OP_THREADS, false, stalled);
                System.out.printf("%-10s %6d %12.0f %9.2f %9.2f%n", stalled ? "yes" : "no", round, r.perSecond(), r.p50(), r.p99());
                assertTrue(r.perSecond() > 0);
            }
        }
    }

    private static Result run(BatchPolicy policy, int streams, int intraOpThreads, boolean metered) throws Exception {
        return run(policy, streams, intraOpThreads, metered, false);
    }

    private static Result run(BatchPolicy policy, int streams, int intraOpThreads, boolean metered, boolean stalledClient) throws Exception {
        ServerMetrics metrics = metered ? ServerMetrics.prometheus() : ServerMetrics.disabled();
        ModelRegistry registry = ModelRegistry.load(BundledModels.DIR,
                new ModelLoader(new SessionFactory(ExecutionDevice.CPU_DEVICE, intraOpThreads), policy, metrics.models()), "mnist");
        Scheduler images = Schedulers.newParallel("bench-images", 2, true);
        CvaeServer server = new CvaeServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), registry,
                new CvaeOperations(images), 1024, 256, metrics).start();
        Disposable scrapes = metered
                ? Flux.interval(Duration.ofSeconds(1)).subscribe(t -> metrics.scrape())
                : () -> { };
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        ManagedChannel stalledChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        try {
            if (stalledClient) {
                ClientCall<StreamRequest, StreamResponse> stalled = stalledChannel.newCall(CvaeServiceGrpc.getStreamMethod(), CallOptions.DEFAULT);
                stalled.start(new ClientCall.Listener<>() {
                }, new Metadata()); // never request(): it reads nothing
                for (int i = 0; i < 300; i++) {
                    stalled.sendMessage(StreamRequest.newBuilder().setId("stalled-" + i).setGenerate(GenerateRequest.newBuilder()
                            .setCondition(Condition.newBuilder().setClassIndex(i % 10)).setCount(64)
                            .setFormat(dev.cvae.api.v1.ImageFormat.IMAGE_FORMAT_RAW_FLOAT32)).build());
                }
            }
            var stub = ReactorCvaeServiceGrpc.newReactorStub(channel);
            Recorder recorder = new Recorder(3);
            AtomicBoolean recording = new AtomicBoolean(false);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong answered = new AtomicLong();
            CountDownLatch done = new CountDownLatch(streams);
            List<Disposable> subscriptions = new ArrayList<>();
            for (int s = 0; s < streams; s++) {
                Sinks.Many<StreamRequest> requests = Sinks.many().unicast().onBackpressureBuffer();
                long[] sentAt = new long[1];
                int stream = s;
                Runnable sendNext = () -> {
                    sentAt[0] = System.nanoTime();
                    requests.tryEmitNext(StreamRequest.newBuilder().setId(Integer.toString(stream))
                            .setGenerate(GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setClassIndex(stream % 10))
                                    .setSeed(stream)).build());
                };
                subscriptions.add(stub.stream(requests.asFlux()).subscribe((StreamResponse r) -> {
                    if (recording.get()) {
                        recorder.recordValue((System.nanoTime() - sentAt[0]) / 1000);
                        answered.incrementAndGet();
                    }
                    if (running.get()) sendNext.run();
                    else requests.tryEmitComplete();
                }, e -> done.countDown(), done::countDown));
                sendNext.run();
            }
            Thread.sleep(WARMUP.toMillis()); // benchmark pacing, not a test wait
            long batchesBefore = registry.get("mnist").decoder().stats().batches();
            long rowsBefore = registry.get("mnist").decoder().stats().rows();
            recorder.reset();
            recording.set(true);
            long start = System.nanoTime();
            Thread.sleep(MEASURE.toMillis());
            recording.set(false);
            double seconds = (System.nanoTime() - start) / 1e9;
            Histogram h = recorder.getIntervalHistogram();
            long batches = registry.get("mnist").decoder().stats().batches() - batchesBefore;
            long rows = registry.get("mnist").decoder().stats().rows() - rowsBefore;
            running.set(false);
            done.await(20, TimeUnit.SECONDS);
            subscriptions.forEach(Disposable::dispose);
            return new Result(answered.get() / seconds, h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                    h.getMaxValue() / 1000.0, batches == 0 ? 0 : rows / (double) batches);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            stalledChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdown(10, TimeUnit.SECONDS);
            scrapes.dispose();
            metrics.close();
            images.dispose();
        }
    }

    private static FloatBuffer direct(float[] values) {
        FloatBuffer buf = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        buf.put(values).flip();
        return buf;
    }

    private static float[] oneHots(int rows, int k) {
        float[] c = new float[rows * k];
        for (int i = 0; i < rows; i++) c[i * k + i % k] = 1;
        return c;
    }
}
