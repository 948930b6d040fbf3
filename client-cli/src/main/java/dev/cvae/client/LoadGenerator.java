package dev.cvae.client;

import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.Endpoint;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.Image;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.InterpolateRequest;
import dev.cvae.api.v1.ModelInfo;
import dev.cvae.api.v1.ReactorCvaeServiceGrpc.ReactorCvaeServiceStub;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.api.v1.StreamResponse;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends generate / encode / interpolate requests to one server over bidirectional streams or unary calls, from
 * {@code concurrency} workers, and records latency (HdrHistogram, microseconds) and errors by status code.
 *
 * <p>Closed loop (rate 0): each worker keeps one request in flight. Open loop: requests are sent at the target
 * rate whatever the answers, and latency counts from the moment a request was due, so a slow server cannot hide
 * its queueing. Always bounded: it stops at the duration or the request budget, whichever comes first.
 */
final class LoadGenerator {
    /** @param imageFormat of the images generate and interpolate answer with (encode asks for no reconstruction) */
    record Settings(boolean stream, int concurrency, double rate, long maxRequests, long durationNanos, long warmupNanos,
                    OperationMix mix, int count, int steps, ImageFormat imageFormat) {
    }

    private final ReactorCvaeServiceStub stub;
    private final ModelInfo model;
    private final Image encodeImage;
    private final Settings settings;
    private final ModelInferLoad modelInfer;
    private final Recorder latency = new Recorder(3);
    private final LongAdder requests = new LongAdder();
    private final LongAdder images = new LongAdder();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicLong budget;
    private final AtomicBoolean sending = new AtomicBoolean(true);
    private final AtomicLong inFlight = new AtomicLong();
    /**
     * Where a closed loop of unary calls sends its next request after a failure. Answers arrive on the transport's
     * thread, and a call that cannot be sent (no connection) fails inside its own start: sending the next one from
     * that callback would recurse, call after call, until the stack overflowed.
     */
    private final Scheduler afterFailure = Schedulers.newSingle("bench-after-failure", true);
    private volatile boolean recording;

    LoadGenerator(ReactorCvaeServiceStub stub, ModelInfo model, Image encodeImage, Settings settings) {
        this(stub, model, encodeImage, settings, null);
    }

    /** With {@code modelInfer}, every request is an Open Inference Protocol ModelInfer of {@code count} rows (unary). */
    LoadGenerator(ReactorCvaeServiceStub stub, ModelInfo model, Image encodeImage, Settings settings, ModelInferLoad modelInfer) {
        if (modelInfer != null && settings.stream()) throw new IllegalArgumentException("ModelInfer has no stream; use unary calls");
        this.stub = stub;
        this.model = model;
        this.encodeImage = encodeImage;
        this.settings = settings;
        this.modelInfer = modelInfer;
        this.budget = new AtomicLong(settings.maxRequests());
    }

    /** Answered requests so far (measured phase). */
    long answered() {
        return requests.sum();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Runs the load; {@code progress} is called about once a second with the elapsed measured seconds. */
    BenchReport run(String target, Consumer<Double> progress) throws InterruptedException {
        try {
            return measure(target, progress);
        } finally {
            afterFailure.dispose();
        }
    }

    private BenchReport measure(String target, Consumer<Double> progress) throws InterruptedException {
        List<Worker> workers = java.util.stream.IntStream.range(0, settings.concurrency()).mapToObj(Worker::new).toList();
        long start = System.nanoTime();
        long measureFrom = start + settings.warmupNanos();
        long end = measureFrom + settings.durationNanos();
        if (settings.warmupNanos() == 0) startRecording(); // before the first requests, which may fail at once
        if (settings.rate() <= 0) workers.forEach(w -> w.sendNext(System.nanoTime()));
        long sent = 0;
        long nextProgress = measureFrom + TimeUnit.SECONDS.toNanos(1);
        double perNano = settings.rate() / 1e9;
        Histogram total = new Histogram(3);
        while (true) {
            long now = System.nanoTime();
            if (!recording && now >= measureFrom) startRecording();
            if (now >= end || budget.get() <= 0) break;
            if (settings.rate() > 0) {
                // open loop: send what is due, each stamped with the moment it was due
                long due = (long) ((now - start) * perNano);
                for (; sent < due && budget.get() > 0; sent++) {
                    workers.get((int) (sent % workers.size())).send(start + (long) (sent / perNano));
                }
            }
            if (now >= nextProgress) {
                progress.accept((now - measureFrom) / 1e9);
                nextProgress += TimeUnit.SECONDS.toNanos(1);
            }
            LockSupport.parkNanos(settings.rate() > 0 ? 200_000 : 20_000_000);
        }
        sending.set(false);
        // answers to requests already sent still count: wait for them (bounded), then measure up to that moment
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (inFlight.get() > 0 && System.nanoTime() < drainUntil) LockSupport.parkNanos(1_000_000);
        double seconds = (System.nanoTime() - measureFrom) / 1e9;
        long measuredRequests = requests.sum();
        long measuredImages = images.sum();
        total.add(latency.getIntervalHistogram());
        workers.forEach(Worker::close);
        Map<String, Long> errorCounts = new TreeMap<>();
        errors.forEach((k, v) -> errorCounts.put(k, v.sum()));
        return new BenchReport(target, modelInfer != null ? "kserve" : settings.stream() ? "stream" : "unary",
                settings.imageFormat() == ImageFormat.IMAGE_FORMAT_RAW_FLOAT32 ? "raw" : "png", settings.concurrency(), settings.rate(), seconds,
                measuredRequests, measuredImages, measuredRequests / seconds, measuredImages / seconds,
                new BenchReport.Latency(ms(total.getValueAtPercentile(50)), ms(total.getValueAtPercentile(90)),
                        ms(total.getValueAtPercentile(99)), ms(total.getValueAtPercentile(99.9)), ms(total.getMaxValue()),
                        total.getTotalCount() == 0 ? 0 : total.getMean() / 1000.0),
                errorCounts);
    }

    /** The end of the warm-up: what was counted so far is dropped. */
    private void startRecording() {
        latency.reset();
        requests.reset();
        images.reset();
        errors.clear();
        recording = true;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private void answered(long dueNanos, int imageCount) {
        inFlight.decrementAndGet();
        if (!recording) return;
        latency.recordValue(Math.max(0, (System.nanoTime() - dueNanos) / 1000));
        requests.increment();
        images.add(imageCount);
    }

    private void failed(String code) {
        inFlight.decrementAndGet();
        if (recording) errors.computeIfAbsent(code, k -> new LongAdder()).increment();
    }

    /** One stream (or one unary caller) and its random source. */
    private final class Worker {
        private final SplittableRandom rng;
        private final Sinks.Many<StreamRequest> outbound;
        private final Map<String, long[]> pending = new ConcurrentHashMap<>();
        private final Disposable subscription;
        /** The stream's status code once it failed; set under the worker's lock. */
        private String streamFailure;
        private long ids;

        Worker(int index) {
            rng = new SplittableRandom(index * 7919L + 1);
            if (settings.stream()) {
                outbound = Sinks.many().unicast().onBackpressureBuffer();
                subscription = stub.stream(outbound.asFlux()).subscribe(this::onStreamResponse, this::onStreamError);
            } else {
                outbound = null;
                subscription = null;
            }
        }

        /** Closed loop: the next request, due now. */
        void sendNext(long dueNanos) {
            if (sending.get()) send(dueNanos);
        }

        synchronized void send(long dueNanos) {
            if (budget.getAndDecrement() <= 0) return;
            inFlight.incrementAndGet();
            if (modelInfer != null) {
                watch(modelInfer.call(settings.count(), rng), dueNanos, settings.count());
                return;
            }
            OperationMix.Operation op = settings.mix().pick(rng);
            int imageCount = op == OperationMix.Operation.GENERATE ? settings.count()
                    : op == OperationMix.Operation.INTERPOLATE ? settings.steps() : 1;
            if (settings.stream()) {
                String id = Long.toString(ids++);
                pending.put(id, new long[] {dueNanos, imageCount});
                StreamRequest.Builder r = StreamRequest.newBuilder().setId(id);
                switch (op) {
                    case GENERATE -> r.setGenerate(generate());
                    case ENCODE -> r.setEncode(encode());
                    case INTERPOLATE -> r.setInterpolate(interpolate());
                }
                // refused once the stream has ended; an error not yet delivered fails the request in onStreamError
                if (outbound.tryEmitNext(r.build()).isFailure() && streamFailure != null && pending.remove(id) != null) {
                    failed(streamFailure);
                }
            } else {
                Mono<?> call = switch (op) {
                    case GENERATE -> stub.generate(generate());
                    case ENCODE -> stub.encode(encode());
                    case INTERPOLATE -> stub.interpolate(interpolate()).then();
                };
                watch(call, dueNanos, imageCount);
            }
        }

        /** Counts a unary call's answer or failure and, in a closed loop, sends the next request. */
        private void watch(Mono<?> call, long dueNanos, int imageCount) {
            call.subscribe(x -> { }, e -> {
                failed(Status.fromThrowable(e).getCode().name());
                if (settings.rate() <= 0 && sending.get()) sendAfterFailure();
            }, () -> {
                answered(dueNanos, imageCount);
                if (settings.rate() <= 0) sendNext(System.nanoTime());
            });
        }

        /** The closed loop's next request, from {@link #afterFailure}; none once the run has ended. */
        private void sendAfterFailure() {
            try {
                afterFailure.schedule(() -> sendNext(System.nanoTime()));
            } catch (RejectedExecutionException e) {
                // the run ended between the check and here: there is no next request
            }
        }

        private void onStreamResponse(StreamResponse r) {
            long[] sent = pending.remove(r.getId());
            if (sent == null) return;
            if (r.hasError()) failed(r.getError().getStatus());
            else answered(sent[0], (int) sent[1]);
            if (settings.rate() <= 0) sendNext(System.nanoTime());
        }

        /** Fails the requests the stream still owed; requests sent after this fail in {@link #send}. */
        private synchronized void onStreamError(Throwable e) {
            String code = Status.fromThrowable(e).getCode().name();
            streamFailure = code;
            pending.keySet().forEach(id -> {
                if (pending.remove(id) != null) failed(code);
            });
        }

        private Condition condition() {
            return Labels.random(model, rng);
        }

        private GenerateRequest generate() {
            return GenerateRequest.newBuilder().setModel(model.getName()).setCondition(condition())
                    .setCount(settings.count()).setSeed(rng.nextLong()).setFormat(settings.imageFormat()).build();
        }

        private EncodeRequest encode() {
            return EncodeRequest.newBuilder().setModel(model.getName()).setImage(encodeImage).setCondition(condition()).build();
        }

        private InterpolateRequest interpolate() {
            return InterpolateRequest.newBuilder().setModel(model.getName()).setSteps(settings.steps()).setFormat(settings.imageFormat())
                    .setStart(Endpoint.newBuilder().setCondition(condition()).setSeed(rng.nextLong()))
                    .setEnd(Endpoint.newBuilder().setCondition(condition()).setSeed(rng.nextLong())).build();
        }

        synchronized void close() {
            if (outbound != null) outbound.tryEmitComplete();
            if (subscription != null) subscription.dispose();
        }
    }
}
