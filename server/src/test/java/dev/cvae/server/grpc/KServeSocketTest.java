package dev.cvae.server.grpc;

import static dev.cvae.server.testing.InferRequests.oneHot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.api.inference.GRPCInferenceServiceGrpc;
import dev.cvae.api.inference.ModelInferResponse;
import dev.cvae.api.inference.ModelMetadataRequest;
import dev.cvae.api.inference.ServerMetadataRequest;
import dev.cvae.api.inference.ServerReadyRequest;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.InferRequests;
import dev.cvae.server.testing.InferRequests.Tensor;
import dev.cvae.server.testing.LoopbackServer;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Open Inference Protocol on a real loopback socket, as grpcurl or tritonclient reach it. */
class KServeSocketTest {

    @Test
    void servesTheInferenceServiceWithHealthOnARealSocket() throws Exception {
        try (LoopbackServer server = new LoopbackServer(BundledModels.registry(
                new BatchPolicy(64, Duration.ofMillis(1), 1024, 1)), 1024)) {
            ManagedChannel channel = server.channel;
            var inference = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
            assertEquals(HealthCheckResponse.ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel)
                    .check(HealthCheckRequest.newBuilder().setService("inference.GRPCInferenceService").build()).getStatus());
            assertTrue(inference.serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
            assertEquals("cvae-server", inference.serverMetadata(ServerMetadataRequest.getDefaultInstance()).getName());
            assertEquals(List.of("1"), inference.modelMetadata(ModelMetadataRequest.newBuilder().setName("mnist-decoder").build())
                    .getVersionsList());

            ModelInferResponse r = inference.modelInfer(InferRequests.typed("mnist-decoder",
                    new Tensor("z", 1, 8, new float[8]), new Tensor("c", 1, 10, oneHot(1, 10, 3))).setId("socket").build());
            assertEquals("socket", r.getId());
            assertEquals(List.of(1L, 784L), r.getOutputs(0).getShapeList());
            assertEquals(784 * Float.BYTES, r.getRawOutputContents(0).size());
            ModelInferResponse raw = inference.modelInfer(InferRequests.raw("mnist-decoder",
                    new Tensor("z", 2, 8, new float[16]), new Tensor("c", 2, 10, oneHot(2, 10, 3))).build());
            assertEquals(List.of(2L, 784L), raw.getOutputs(0).getShapeList());
            assertEquals(r.getRawOutputContents(0), raw.getRawOutputContents(0).substring(0, 784 * Float.BYTES),
                    "the same latent gives the same pixels in either data form");
        }
    }
}
