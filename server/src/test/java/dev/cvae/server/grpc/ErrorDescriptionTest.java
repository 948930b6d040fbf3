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
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Error descriptions quote what clients sent, yet always fit the HTTP/2 trailer that carries them. */
class ErrorDescriptionTest {

    @Test
    void aNineThousandCharacterLabelIsStillInvalidArgumentOverASocketWithTheFieldAndTheLabelsKept() throws Exception {
        try (LoopbackServer server = new LoopbackServer(BundledModels.registry(new BatchPolicy(64, Duration.ofMillis(1), 1024, 1)), 1024)) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> CvaeServiceGrpc.newBlockingStub(server.channel)
                    .generate(GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setLabelName("x".repeat(9000))).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), String.valueOf(e.getStatus()));
            String description = e.getStatus().getDescription();
            assertTrue(description.length() <= ErrorMapper.MAX_DESCRIPTION, description.length() + " characters");
            assertTrue(description.startsWith("condition.label_name: 'xxx"), description);
            assertTrue(description.contains(" characters cut ...] "), description);
            assertTrue(description.endsWith("; labels: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9"), description);
        }
    }

    @Test
    void shortDescriptionsAreSentWhole() {
        String description = "count: -2 images, expected 1..1024";
        assertEquals(description, ErrorMapper.bounded(description));
    }
}
