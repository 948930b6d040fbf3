package dev.cvae.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvae.bench.run.Workload.Format;
import dev.cvae.bench.run.Workload.Mode;
import dev.cvae.bench.run.Workload.Operation;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    @Test
    void generateBecomesTheClientsMixCountModeAndFormat() {
        assertEquals(List.of("--mix", "generate=1", "--count", "16", "--mode", "stream", "--format", "raw"),
                Workload.generate(Mode.STREAM, Format.RAW, 16).clientOptions());
    }

    @Test
    void kserveBecomesTheClientsOperationWithRows() {
        assertEquals(List.of("--operation", "kserve", "--count", "4", "--mode", "unary", "--format", "raw"),
                new Workload(Operation.KSERVE, Mode.UNARY, Format.RAW, 4).clientOptions());
    }

    @Test
    void kserveOverStreamsIsRefusedNamingTheMode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Workload(Operation.KSERVE, Mode.STREAM, Format.RAW, 1));
        assertEquals("mode: kserve ModelInfer is unary only, got STREAM", e.getMessage());
    }
}
