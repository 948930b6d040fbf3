package dev.cvae.server.testing;

import dev.cvae.api.v1.ReactorCvaeServiceGrpc;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.api.v1.StreamResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import reactor.core.Disposable;
import reactor.core.publisher.Sinks;

/**
 * Load for tests: {@code streams} bidirectional streams, each sending its next request as soon as the last is
 * answered, until {@link #stop}; then each completes after its last answer. It records every error answer, every
 * request left unanswered, and the model versions the answers name.
 */
public final class ClosedLoopStreams implements AutoCloseable {
    public final AtomicLong sent = new AtomicLong();
    public final AtomicLong answered = new AtomicLong();
    public final Map<String, String> errors = new ConcurrentHashMap<>();
    public final Set<String> versions = ConcurrentHashMap.newKeySet();
    /** stream -> the id it waits an answer for */
    public final Map<Integer, String> waitingFor = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch done;
    private final List<Disposable> subscriptions = new ArrayList<>();

    /** @param request builds stream {@code s}'s request number {@code n} (the id is set here) */
    public ClosedLoopStreams(ReactorCvaeServiceGrpc.ReactorCvaeServiceStub stub, int streams,
                             BiFunction<Integer, Long, StreamRequest.Builder> request) {
        done = new CountDownLatch(streams);
        for (int s = 0; s < streams; s++) {
            Sinks.Many<StreamRequest> requests = Sinks.many().unicast().onBackpressureBuffer();
            int stream = s;
            // the first send (this thread) may still be in the sink when the answer's thread sends the next: retry
            Sinks.EmitFailureHandler retry = Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(5));
            Runnable next = () -> {
                long n = sent.incrementAndGet();
                StreamRequest r = request.apply(stream, n).setId(stream + "-" + n).build();
                waitingFor.put(stream, r.getId());
                requests.emitNext(r, retry);
            };
            subscriptions.add(stub.stream(requests.asFlux()).subscribe((StreamResponse r) -> {
                answered.incrementAndGet();
                waitingFor.remove(stream, r.getId());
                if (r.hasError()) errors.put(r.getId(), r.getError().getStatus() + ": " + r.getError().getMessage());
                else versions.add(r.hasGenerate() ? r.getGenerate().getModelVersion() : r.getEncode().getModelVersion());
                if (running.get()) next.run();
                else requests.emitComplete(retry);
            }, e -> {
                errors.put("stream " + stream, e.toString());
                done.countDown();
            }, () -> {
                waitingFor.remove(stream);
                done.countDown();
            }));
            next.run();
        }
    }

    /** Waits until {@code more} requests beyond the present count are answered. */
    public void awaitAnswers(long more, String what) {
        long before = answered.get();
        Await.until(what, () -> answered.get() >= before + more);
    }

    /** Sends no new request; true when every stream ended within the timeout. */
    public boolean stop(long timeout, TimeUnit unit) throws InterruptedException {
        running.set(false);
        return done.await(timeout, unit);
    }

    @Override
    public void close() {
        running.set(false);
        subscriptions.forEach(Disposable::dispose);
    }
}
