package dev.cvae.server.testing;

import dev.cvae.api.inference.GRPCInferenceServiceGrpc;
import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.api.v1.ReactorCvaeServiceGrpc;
import dev.cvae.server.grpc.CvaeServer;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.model.ModelRegistry;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The real CVAE server on an in-process transport, with a channel to it and stubs of its services. */
public final class InProcessServer implements AutoCloseable {
    public final CvaeServer server;
    public final ManagedChannel channel;
    private final Scheduler images = Schedulers.newParallel("test-images", 2, true);

    public InProcessServer(ModelRegistry registry, int maxRows) throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = new CvaeServer(InProcessServerBuilder.forName(name).directExecutor(), registry,
                new CvaeOperations(images), maxRows, 64).start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    public CvaeServiceGrpc.CvaeServiceBlockingStub blocking() {
        return CvaeServiceGrpc.newBlockingStub(channel);
    }

    public ReactorCvaeServiceGrpc.ReactorCvaeServiceStub reactor() {
        return ReactorCvaeServiceGrpc.newReactorStub(channel);
    }

    /** The Open Inference Protocol (KServe v2) service. */
    public GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub inference() {
        return GRPCInferenceServiceGrpc.newBlockingStub(channel);
    }

    @Override
    public void close() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdown(10, TimeUnit.SECONDS);
        images.dispose();
    }
}
