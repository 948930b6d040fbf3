package dev.cvae.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvae.bench.profile.FoldedProfile.Part;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoldedProfileTest {
    private static FoldedProfile read(String text) throws Exception {
        return FoldedProfile.read(new StringReader(text));
    }

    @Test
    void samplesGoToThePartOfTheirInnermostKnownFrameAndToTheirThreadWithoutItsNumber() throws Exception {
        FoldedProfile p = read("""
                [infer-mnist@1/decoder-1 tid=7];java/lang/Thread.run;ai/onnxruntime/OrtSession.run;/tmp/ort/libonnxruntime.so 40
                [infer-mnist@1/decoder-1 tid=7];dev/cvae/server/batch/InferenceJob.accept;dev/cvae/server/inference/ScanlineDeflater.compress 12
                [infer-mnist@1/decoder-1 tid=7];dev/cvae/server/inference/ImageCodec.png;schedule_[k];finish_task_switch.isra.0_[k] 3
                [grpc-default-executor-12 tid=9];io/grpc/internal/SerializingExecutor.run;dev/cvae/server/grpc/RowBudget.acquire 5
                [grpc-default-executor-3 tid=10];io/grpc/netty/shaded/io/netty/channel/nio/NioEventLoop.run 7
                [images-2 tid=11];reactor/core/publisher/FluxMap$MapSubscriber.onNext;com/google/protobuf/CodedOutputStream.write 2
                [infer-mnist@1/decoder-1 tid=7];dev/cvae/server/batch/InferenceJob.accept;java/util/concurrent/CompletableFuture.complete;reactor/core/publisher/FluxMap$MapSubscriber.onNext;java/util/HashMap.get 4
                [infer-mnist@1/decoder-1 tid=7];dev/cvae/server/batch/InferenceJob.accept;java/util/concurrent/CompletableFuture.postComplete 6

                [C2 CompilerThre tid=4];Compile::Compile 1
                """);
        assertEquals(80, p.samples());
        assertEquals(40, p.samples(Part.ONNX_RUNTIME));
        assertEquals(12, p.samples(Part.PNG));
        assertEquals(3, p.samples(Part.SWITCHES), "a switch inside PNG encoding is a switch");
        assertEquals(5, p.samples(Part.OTHER_SERVER));
        assertEquals(7, p.samples(Part.TRANSPORT));
        assertEquals(2, p.samples(Part.PROTOBUF), "the innermost frame's part");
        assertEquals(4, p.samples(Part.REACTOR), "a JDK leaf belongs to the code that called it");
        assertEquals(6, p.samples(Part.CONCURRENCY));
        assertEquals(1, p.samples(Part.OTHER));
        assertEquals(Map.of("infer-mnist@1/decoder", 65L, "grpc-default-executor", 12L, "images", 2L, "C2 CompilerThre", 1L), p.byThread());
    }

    @Test
    void aLineWithoutACountIsRefusedWithItsNumber() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read("[a tid=1];f 3\n[a tid=1];g many\n"));
        assertEquals("line 2 is not 'frames count': [a tid=1];g many", e.getMessage());
    }

    @Test
    void threadNamesLoseTheirNumberButKeepTheirName() {
        assertEquals("grpc-default-worker-ELG-3", FoldedProfile.thread("[grpc-default-worker-ELG-3-2 tid=77]"));
        assertEquals("batch-mnist@1/decoder", FoldedProfile.thread("[batch-mnist@1/decoder tid=5]"));
        assertEquals("(no thread name)", FoldedProfile.thread("java/lang/Thread.run"));
    }
}
