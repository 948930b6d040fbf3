package dev.cvae.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.api.v1.StreamResponse;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.batch.Batcher;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.testing.Await;
import dev.cvae.server.testing.FakeModel;
import dev.cvae.server.testing.InProcessServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Queue limits, cancellation and deadlines, with inference held at a gate so that work is really queued. */
class BackpressureAndCancellationTest {
    private FakeModel fake;
    private InProcessServer server;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeModel(new BatchPolicy(1, Duration.ZERO, 3, 1), true);
        server = new InProcessServer(ModelRegistry.of(List.of(fake.model), "fake"), 100);
    }

    @AfterEach
    void stop() throws Exception {
        fake.decoderFn.open();
        server.close();
    }

    private static GenerateRequest generate(int count, long seed) {
        return GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setClassIndex(0)).setCount(count).setSeed(seed).build();
    }

    private Batcher decoder() {
        return fake.model.decoder();
    }

    @Test
    void workBeyondTheQueueLimitIsRejectedWithResourceExhausted() throws Exception {
        Mono<GenerateResponse> running = server.reactor().generate(generate(1, 1)).cache();
        running.subscribe();
        fake.decoderFn.awaitFirstRun();
        Mono<GenerateResponse> queued = server.reactor().generate(generate(3, 2)).cache();
        queued.subscribe();
        Await.until("three rows are queued", () -> decoder().queuedRows() == 3);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.blocking().generate(generate(1, 3)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
        assertEquals("fake/decoder queue is full: 3 rows waiting, 1 more would exceed the limit of 3", e.getStatus().getDescription());

        fake.decoderFn.open();
        assertEquals(1, running.block(Duration.ofSeconds(20)).getImagesCount());
        assertEquals(3, queued.block(Duration.ofSeconds(20)).getImagesCount());
    }

    @Test
    void aCancelledStreamsQueuedWorkIsNotComputed() throws Exception {
        Sinks.Many<StreamRequest> requests = Sinks.many().unicast().onBackpressureBuffer();
        Disposable stream = server.reactor().stream(requests.asFlux()).subscribe(r -> { }, e -> { });
        requests.tryEmitNext(StreamRequest.newBuilder().setId("g0").setGenerate(generate(1, 100)).build());
        fake.decoderFn.awaitFirstRun(); // running, so the next three fit the queue of three
        for (int i = 1; i < 4; i++) {
            requests.tryEmitNext(StreamRequest.newBuilder().setId("g" + i).setGenerate(generate(1, 100 + i)).build());
        }
        Await.until("three rows wait behind the running one", () -> decoder().queuedRows() == 3);

        stream.dispose(); // the client cancels the stream
        Await.until("the cancelled stream's rows are withdrawn", () -> decoder().queuedRows() == 0);
        fake.decoderFn.open();
        // a later call queues behind the withdrawn rows, so once it is answered they have been passed over
        assertEquals(1, server.blocking().generate(generate(1, 7)).getImagesCount());

        assertEquals(2, fake.decoderFn.batches().size(), "only the running request and the later call were computed");
        assertEquals(3, decoder().stats().cancelledRows());
    }

    @Test
    void aRequestWhoseDeadlinePassesInTheQueueFailsWithDeadlineExceededAndIsNotComputed() throws Exception {
        Mono<GenerateResponse> running = server.reactor().generate(generate(1, 1)).cache();
        running.subscribe();
        fake.decoderFn.awaitFirstRun();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
                server.blocking().withDeadlineAfter(100, TimeUnit.MILLISECONDS).generate(generate(1, 2)));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());

        fake.decoderFn.open();
        running.block(Duration.ofSeconds(20));
        assertEquals(1, server.blocking().generate(generate(1, 3)).getImagesCount());
        assertEquals(2, fake.decoderFn.batches().size(), "the expired request was never computed");
        var stats = decoder().stats();
        assertEquals(1, stats.cancelledRows() + stats.expiredRows());
    }

    @Test
    void streamResponsesComeBackInTheOrderTheyAreReadyNotTheOrderAsked() throws Exception {
        Sinks.Many<StreamRequest> requests = Sinks.many().unicast().onBackpressureBuffer();
        List<String> answered = new java.util.concurrent.CopyOnWriteArrayList<>();
        Disposable stream = server.reactor().stream(requests.asFlux()).map(StreamResponse::getId).subscribe(answered::add);
        requests.tryEmitNext(StreamRequest.newBuilder().setId("slow-generate").setGenerate(generate(1, 1)).build());
        fake.decoderFn.awaitFirstRun(); // held at the decoder's gate
        requests.tryEmitNext(StreamRequest.newBuilder().setId("quick-encode").setEncode(dev.cvae.api.v1.EncodeRequest.newBuilder()
                .setCondition(Condition.newBuilder().setLabelName("b"))
                .setImage(dev.cvae.api.v1.Image.newBuilder().setFormat(dev.cvae.api.v1.ImageFormat.IMAGE_FORMAT_RAW_FLOAT32)
                        .setData(com.google.protobuf.ByteString.copyFrom(new byte[16]))
                        .setShape(dev.cvae.api.v1.ImageShape.newBuilder().setChannels(1).setHeight(2).setWidth(2))))
                .build());
        Await.until("the client has the encode answer", () -> answered.contains("quick-encode"));
        fake.decoderFn.open();
        Await.until("the client has both answers", () -> answered.size() == 2);
        assertEquals(List.of("quick-encode", "slow-generate"), answered);
        requests.tryEmitComplete();
        stream.dispose();
    }

    @Test
    void aStreamRequestRejectedForAFullQueueGetsAnErrorResponseAndTheStreamGoesOn() throws Exception {
        Mono<GenerateResponse> running = server.reactor().generate(generate(1, 1)).cache();
        running.subscribe();
        fake.decoderFn.awaitFirstRun();
        Sinks.Many<StreamRequest> requests = Sinks.many().unicast().onBackpressureBuffer();
        var responses = server.reactor().stream(requests.asFlux()).take(2).collectList().toFuture();
        requests.tryEmitNext(StreamRequest.newBuilder().setId("fits").setGenerate(generate(3, 5)).build());
        Await.until("three rows are queued", () -> decoder().queuedRows() == 3);
        requests.tryEmitNext(StreamRequest.newBuilder().setId("too-many").setGenerate(generate(1, 6)).build());
        Await.until("the rejection is counted", () -> decoder().stats().rejectedRows() == 1);
        fake.decoderFn.open();
        List<StreamResponse> answered = responses.get(20, TimeUnit.SECONDS);
        StreamResponse rejected = answered.stream().filter(r -> r.getId().equals("too-many")).findFirst().orElseThrow();
        assertEquals("RESOURCE_EXHAUSTED", rejected.getError().getStatus());
        StreamResponse fits = answered.stream().filter(r -> r.getId().equals("fits")).findFirst().orElseThrow();
        assertEquals(3, fits.getGenerate().getImagesCount());
        requests.tryEmitComplete();
    }
}
