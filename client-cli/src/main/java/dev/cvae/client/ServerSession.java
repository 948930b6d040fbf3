package dev.cvae.client;

import com.google.common.util.concurrent.MoreExecutors;
import dev.cvae.api.inference.ReactorGRPCInferenceServiceGrpc;
import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.api.v1.ListModelsRequest;
import dev.cvae.api.v1.ListModelsResponse;
import dev.cvae.api.v1.ModelInfo;
import dev.cvae.api.v1.ModelRepositoryServiceGrpc;
import dev.cvae.api.v1.ReactorCvaeServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * One command's connection: the channel, stubs with the call deadline, and the model it works with. Opened and
 * closed by one command on one thread.
 */
final class ServerSession implements AutoCloseable {
    private final ConnectionOptions options;
    private final Duration deadline;
    private final CommandLine cli;
    private final ManagedChannel channel;
    private ListModelsResponse models;

    /** @param deadline of each call made through {@link #blocking()} and {@link #health()} */
    ServerSession(ConnectionOptions options, Duration deadline, CommandLine cli) {
        this.options = options;
        this.deadline = deadline;
        this.cli = cli;
        this.channel = options.open(cli);
    }

    /** A blocking stub whose calls each get the deadline. */
    CvaeServiceGrpc.CvaeServiceBlockingStub blocking() {
        return CvaeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A stub of the model repository service whose calls each get the deadline. */
    ModelRepositoryServiceGrpc.ModelRepositoryServiceBlockingStub repository() {
        return ModelRepositoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A stub of the standard {@code grpc.health.v1.Health} service whose calls each get the deadline. */
    HealthGrpc.HealthBlockingStub health() {
        return HealthGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * A Reactor stub of the Open Inference Protocol (KServe v2) for load: no deadline, answers on the transport's
     * threads ({@link #reactor()} says why).
     */
    ReactorGRPCInferenceServiceGrpc.ReactorGRPCInferenceServiceStub inference() {
        return ReactorGRPCInferenceServiceGrpc.newReactorStub(channel).withExecutor(MoreExecutors.directExecutor());
    }

    /**
     * A Reactor stub for load: no deadline (long-running), and answers delivered on the transport's event loop
     * instead of gRPC's default pool. The load generator's callbacks only record an answer and send the next
     * request, never blocking, while handing every answer to a pooled thread cost the generator more CPU than the
     * server spent on the request (docs/serving-benchmarks.md, "The load generator"), CPU that a benchmark on
     * shared cores takes from the server it measures.
     */
    ReactorCvaeServiceGrpc.ReactorCvaeServiceStub reactor() {
        return ReactorCvaeServiceGrpc.newReactorStub(channel).withExecutor(MoreExecutors.directExecutor());
    }

    ListModelsResponse models() {
        if (models == null) models = blocking().listModels(ListModelsRequest.getDefaultInstance());
        return models;
    }

    /** The --model (or the server's default model), checked against what is served. */
    ModelInfo model() {
        return Labels.model(models(), options.model(), cli);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
