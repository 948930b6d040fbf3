package dev.cvae.server.grpc;

import static dev.cvae.server.testing.InferRequests.floats;
import static dev.cvae.server.testing.InferRequests.oneHot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import dev.cvae.api.inference.GRPCInferenceServiceGrpc;
import dev.cvae.api.inference.ModelInferRequest;
import dev.cvae.api.inference.ModelInferResponse;
import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.batch.Batcher;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.testing.Await;
import dev.cvae.server.testing.FakeModel;
import dev.cvae.server.testing.InProcessServer;
import dev.cvae.server.testing.InferRequests;
import dev.cvae.server.testing.InferRequests.Tensor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ModelInfer runs on the same batchers as cvae.v1, with inference held at a gate (the fake model) so that rows
 * really queue: it shares runs with cvae.v1 rows, is rejected by a full queue, and drops rows past the deadline.
 */
class KServeBatchingTest {
    private FakeModel fake;
    private InProcessServer server;

    private void start(BatchPolicy policy) throws Exception {
        fake = new FakeModel(policy, true);
        server = new InProcessServer(ModelRegistry.of(List.of(fake.model), "fake"), 100);
    }

    @AfterEach
    void stop() throws Exception {
        fake.decoderFn.open();
        server.close();
    }

    private Batcher decoder() {
        return fake.model.decoder();
    }

    /** A fake-decoder request of {@code rows} rows whose z rows start with {@code first}, first + 1, ... */
    private static ModelInferRequest decode(int rows, float first) {
        float[] z = new float[rows * 2];
        for (int i = 0; i < rows; i++) z[i * 2] = first + i;
        return InferRequests.raw("fake-decoder", new Tensor("z", rows, 2, z), new Tensor("c", rows, 2, oneHot(rows, 2, 1))).build();
    }

    private static GenerateRequest generate(int count) {
        return GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setClassIndex(0)).setCount(count).setSeed(5).build();
    }

    @Test
    void aV2RequestOf64RowsAnd64CvaeV1RowsRunInOneBatch() throws Exception {
        start(new BatchPolicy(128, Duration.ZERO, 1000, 1));
        CompletableFuture<GenerateResponse> blocker = server.reactor().generate(generate(1)).toFuture();
        fake.decoderFn.awaitFirstRun(); // the one worker is held, so the next rows queue up
        ListenableFuture<ModelInferResponse> v2 = GRPCInferenceServiceGrpc.newFutureStub(server.channel).modelInfer(decode(64, 1000));
        CompletableFuture<GenerateResponse> v1 = server.reactor().generate(generate(64)).toFuture();
        Await.until("both requests' rows are queued", () -> decoder().queuedRows() == 128);

        fake.decoderFn.open();
        ModelInferResponse inferred = v2.get(20, TimeUnit.SECONDS);
        assertEquals(64, v1.get(20, TimeUnit.SECONDS).getImagesCount());
        blocker.get(20, TimeUnit.SECONDS);

        List<List<Float>> runs = fake.decoderFn.batches();
        assertEquals(2, runs.size(), "the blocker's run, then one run for both requests");
        List<Float> shared = runs.get(1);
        assertEquals(128, shared.size());
        List<Float> v2Rows = IntStream.range(0, 64).mapToObj(i -> 1000f + i).toList();
        assertTrue(shared.containsAll(v2Rows), "the v2 rows ran in the shared batch: " + shared);
        assertEquals(64, shared.stream().filter(v -> !v2Rows.contains(v)).count(), "beside 64 cvae.v1 rows");
        assertEquals(128, decoder().stats().maxBatchSize());

        float[] xHat = floats(inferred.getRawOutputContents(0));
        assertEquals(List.of(64L, 4L), inferred.getOutputs(0).getShapeList());
        for (int i = 0; i < 64; i++) assertEquals(2 * (1000f + i), xHat[i * 4 + 3], "row " + i + " came back in its place");
    }

    @Test
    void rowsBeyondTheQueueLimitAreRejectedWithResourceExhaustedAndRowsBeyondItsSizeAsInvalid() throws Exception {
        start(new BatchPolicy(1, Duration.ZERO, 3, 1));
        ListenableFuture<ModelInferResponse> running = GRPCInferenceServiceGrpc.newFutureStub(server.channel).modelInfer(decode(1, 1));
        fake.decoderFn.awaitFirstRun();

        ListenableFuture<ModelInferResponse> queued = GRPCInferenceServiceGrpc.newFutureStub(server.channel).modelInfer(decode(2, 10));
        Await.until("two rows are queued", () -> fake.model.decoder().queuedRows() == 2);
        StatusRuntimeException full = assertThrows(StatusRuntimeException.class, () -> server.inference().modelInfer(decode(2, 20)));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, full.getStatus().getCode());
        assertEquals("fake/decoder queue is full: 2 rows waiting, 2 more would exceed the limit of 3", full.getStatus().getDescription());

        StatusRuntimeException never = assertThrows(StatusRuntimeException.class, () -> server.inference().modelInfer(decode(4, 30)));
        assertEquals(Status.Code.INVALID_ARGUMENT, never.getStatus().getCode(), "4 rows can never fit a queue of 3: no use retrying");
        assertEquals("a request of 4 rows is larger than the queue of fake/decoder (3 rows); ask for at most 3 at once",
                never.getStatus().getDescription());

        fake.decoderFn.open();
        assertEquals(2f, floats(running.get(20, TimeUnit.SECONDS).getRawOutputContents(0))[0]);
        assertEquals(2, queued.get(20, TimeUnit.SECONDS).getOutputs(0).getShape(0));
    }

    @Test
    void aRequestWhoseDeadlinePassesInTheQueueFailsWithDeadlineExceededAndIsNotComputed() throws Exception {
        start(new BatchPolicy(1, Duration.ZERO, 100, 1));
        ListenableFuture<ModelInferResponse> running = GRPCInferenceServiceGrpc.newFutureStub(server.channel).modelInfer(decode(1, 1));
        fake.decoderFn.awaitFirstRun();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () ->
                server.inference().withDeadlineAfter(100, TimeUnit.MILLISECONDS).modelInfer(decode(3, 10)));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        Await.until("the expired call's rows are withdrawn", () -> decoder().queuedRows() == 0);

        fake.decoderFn.open();
        running.get(20, TimeUnit.SECONDS);
        // a later call queues behind the withdrawn rows, so once it is answered they have been passed over
        assertEquals(1, server.inference().modelInfer(decode(1, 20)).getOutputs(0).getShape(0));
        assertEquals(List.of(List.of(1f), List.of(20f)), fake.decoderFn.batches(), "the expired rows were never computed");
        var stats = decoder().stats();
        assertEquals(3, stats.cancelledRows() + stats.expiredRows());
    }
}
