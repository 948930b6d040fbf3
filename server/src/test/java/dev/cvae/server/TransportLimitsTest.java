package dev.cvae.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.api.v1.ListModelsRequest;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.api.v1.StreamResponse;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.grpc.CvaeServer;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.testing.FakeModel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** --max-concurrent-streams: parsed, checked, and enforced per connection on a real socket. */
class TransportLimitsTest {

    private static TransportLimits parse(String... args) {
        TransportLimits limits = new TransportLimits();
        new CommandLine(limits).parseArgs(args);
        return limits;
    }

    @Test
    void theDefaultIsSafeAndABadValueIsNamed() {
        assertEquals(TransportLimits.DEFAULT_MAX_CONCURRENT_STREAMS, parse().maxConcurrentStreams);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--max-concurrent-streams", "0").applyTo(NettyServerBuilder.forPort(0)));
        assertEquals("--max-concurrent-streams must be >= 1, got 0", e.getMessage());
    }

    @Test
    void aConnectionAtItsStreamLimitWaitsForAFreeStreamWhileAnotherConnectionIsServed() throws Exception {
        Scheduler images = Schedulers.newSingle("limits-test-images");
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
        parse("--max-concurrent-streams", "2").applyTo(builder);
        FakeModel fake = new FakeModel(new BatchPolicy(8, Duration.ZERO, 64, 1), false);
        CvaeServer server = new CvaeServer(builder, ModelRegistry.of(List.of(fake.model), "fake"), new CvaeOperations(images), 64, 64).start();
        ManagedChannel first = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        ManagedChannel second = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        try {
            var blocking = CvaeServiceGrpc.newBlockingStub(first);
            blocking.listModels(ListModelsRequest.getDefaultInstance()); // connected: the client knows the server's limit

            List<StreamObserver<StreamRequest>> open = new ArrayList<>();
            List<CompletableFuture<Void>> ended = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                CompletableFuture<Void> end = new CompletableFuture<>();
                open.add(CvaeServiceGrpc.newStub(first).stream(completes(end)));
                ended.add(end);
            }
            StatusRuntimeException waiting = assertThrows(StatusRuntimeException.class, () -> blocking
                    .withDeadlineAfter(300, TimeUnit.MILLISECONDS).listModels(ListModelsRequest.getDefaultInstance()));
            assertEquals(Status.Code.DEADLINE_EXCEEDED, waiting.getStatus().getCode(), "a third stream waits on this connection");
            assertEquals("fake", CvaeServiceGrpc.newBlockingStub(second).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .listModels(ListModelsRequest.getDefaultInstance()).getDefaultModel(), "another connection has its own streams");

            open.get(0).onCompleted();
            ended.get(0).get(5, TimeUnit.SECONDS);
            assertEquals("fake", blocking.withDeadlineAfter(5, TimeUnit.SECONDS)
                    .listModels(ListModelsRequest.getDefaultInstance()).getDefaultModel(), "a stream that ends frees its place");
            open.get(1).onCompleted();
            ended.get(1).get(5, TimeUnit.SECONDS);
        } finally {
            first.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            second.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            server.shutdown(5, TimeUnit.SECONDS);
            images.dispose();
        }
    }

    private static StreamObserver<StreamResponse> completes(CompletableFuture<Void> end) {
        return new StreamObserver<>() {
            @Override
            public void onNext(StreamResponse value) {
            }

            @Override
            public void onError(Throwable t) {
                end.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                end.complete(null);
            }
        };
    }
}
