package dev.cvae.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.api.v1.StreamResponse;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.testing.Await;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.LoopbackServer;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that sends many large requests on a stream and reads nothing holds no more of the server than its
 * stream's image budget (plus what the transport's flow-control windows hold), and other clients go on.
 */
class StalledClientTest {
    private static final int BUDGET = 512;
    private static final int IMAGES_PER_REQUEST = 64;

    @Test
    void aStreamThatReadsNothingHoldsAtMostItsBudgetWhileOthersAreServed() throws Exception {
        ModelRegistry registry = BundledModels.registry(new BatchPolicy(64, Duration.ZERO, 100_000, 1));
        try (LoopbackServer s = new LoopbackServer(registry, new CvaeServer.Limits(1024, 256, BUDGET))) {
            var decoder = registry.get("mnist").decoder();
            ClientCall<StreamRequest, StreamResponse> stalled = s.channel.newCall(CvaeServiceGrpc.getStreamMethod(), CallOptions.DEFAULT);
            stalled.start(new ClientCall.Listener<>() {
            }, new Metadata()); // never request(): the client reads nothing
            for (int i = 0; i < 300; i++) {
                stalled.sendMessage(StreamRequest.newBuilder().setId("r" + i).setGenerate(GenerateRequest.newBuilder()
                        .setCondition(Condition.newBuilder().setClassIndex(i % 10)).setCount(IMAGES_PER_REQUEST)
                        .setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32)).build());
            }
            Await.until("the stalled stream has used its budget", () -> decoder.stats().rows() >= BUDGET);

            var other = CvaeServiceGrpc.newBlockingStub(s.channel).withDeadlineAfter(20, TimeUnit.SECONDS);
            for (int i = 0; i < 5; i++) {
                assertEquals(1, other.generate(GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setClassIndex(i)).build())
                        .getImagesCount(), "another client is served");
            }
            long stalledRows = decoder.stats().rows() - 5;
            // the budget, plus the answers the flow-control windows took (raw 64-image answers are 200 KB each)
            long windows = 16L * IMAGES_PER_REQUEST;
            assertTrue(stalledRows <= BUDGET + windows,
                    "the stalled stream made the server compute " + stalledRows + " images; 300 requests would be " + 300 * IMAGES_PER_REQUEST);
            stalled.cancel("done", null);
        }
    }
}
