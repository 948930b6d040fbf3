package dev.cvae.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.LoopbackServer;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.netty.util.concurrent.FastThreadLocalThread;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The server on a real loopback socket: health, reflection (v1 and v1alpha), a call, graceful shutdown, its threads. */
class SocketServerTest {

    @Test
    void servesHealthReflectionAndCallsOnARealSocketAndShutsDownGracefully() throws Exception {
        try (LoopbackServer loopback = new LoopbackServer(BundledModels.registry(
                new BatchPolicy(64, Duration.ofMillis(1), 1024, 1)), 1024)) {
            CvaeServer server = loopback.server;
            ManagedChannel channel = loopback.channel;
            assertTrue(server.port() > 0);
            var health = HealthGrpc.newBlockingStub(channel);
            assertEquals(HealthCheckResponse.ServingStatus.SERVING,
                    health.check(HealthCheckRequest.newBuilder().setService("cvae.v1.CvaeService").build()).getStatus());
            assertEquals(HealthCheckResponse.ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());

            assertTrue(servicesV1(channel).contains("cvae.v1.CvaeService"));
            assertTrue(servicesV1(channel).contains("inference.GRPCInferenceService"), "grpcurl finds the v2 service too");
            assertTrue(servicesV1Alpha(channel).contains("cvae.v1.CvaeService"));

            var generated = CvaeServiceGrpc.newBlockingStub(channel).generate(GenerateRequest.newBuilder()
                    .setCondition(Condition.newBuilder().setLabelName("3")).setCount(2).build());
            assertEquals(2, generated.getImagesCount());

            server.shutdown(10, TimeUnit.SECONDS);
            assertThrows(StatusRuntimeException.class, () -> health.check(HealthCheckRequest.getDefaultInstance()));
        }
    }

    private static List<String> servicesV1(ManagedChannel channel) throws Exception {
        return listServices(io.grpc.reflection.v1.ServerReflectionGrpc.newStub(channel)::serverReflectionInfo,
                io.grpc.reflection.v1.ServerReflectionRequest.newBuilder().setListServices("").build(),
                r -> r.getListServicesResponse().getServiceList().stream().map(s -> s.getName()).toList());
    }

    /**
     * Handlers run on the transport's event loop, not on a pool each message wakes (see {@link CvaeServer}): the
     * thread that starts a call is one of Netty's, and the call is answered.
     */
    @Test
    void runsCallsOnTheTransportsEventLoop() throws Exception {
        List<Thread> callThreads = new CopyOnWriteArrayList<>();
        ServerInterceptor recordThread = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                callThreads.add(Thread.currentThread());
                return next.startCall(call, headers);
            }
        };
        try (LoopbackServer loopback = new LoopbackServer(BundledModels.registry(new BatchPolicy(64, Duration.ofMillis(1), 1024, 1)),
                new CvaeServer.Limits(16, 8, CvaeServer.Limits.DEFAULT_STREAM_MAX_ROWS), builder -> builder.intercept(recordThread))) {
            var generated = CvaeServiceGrpc.newBlockingStub(loopback.channel).generate(GenerateRequest.newBuilder()
                    .setCondition(Condition.newBuilder().setLabelName("7")).setCount(1).build());
            assertEquals(1, generated.getImagesCount());
            assertEquals(1, callThreads.size());
            Thread thread = callThreads.get(0);
            assertTrue(thread instanceof FastThreadLocalThread, "the call started on " + thread.getName() + ", not on Netty's event loop");
        }
    }

    @SuppressWarnings("deprecation")
    private static List<String> servicesV1Alpha(ManagedChannel channel) throws Exception {
        return listServices(io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel)::serverReflectionInfo,
                io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder().setListServices("").build(),
                r -> r.getListServicesResponse().getServiceList().stream().map(s -> s.getName()).toList());
    }

    /** Sends one list_services request on a reflection stream and returns the service names of the answer. */
    private static <Q, R> List<String> listServices(Function<StreamObserver<R>, StreamObserver<Q>> open, Q request,
                                                    Function<R, List<String>> names) throws Exception {
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        StreamObserver<Q> requests = open.apply(new StreamObserver<R>() {
            @Override
            public void onNext(R response) {
                result.complete(names.apply(response));
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
            }
        });
        requests.onNext(request);
        requests.onCompleted();
        return result.get(10, TimeUnit.SECONDS);
    }
}
