package dev.cvae.server.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvae.server.testing.BundledModels;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class SessionFactoryTest {
    @Test
    void devicesParseAndNonsenseIsRejectedWithTheValue() {
        assertEquals(ExecutionDevice.CPU_DEVICE, ExecutionDevice.parse("CPU"));
        assertEquals(new ExecutionDevice(ExecutionDevice.Kind.CUDA, 0), ExecutionDevice.parse("cuda"));
        assertEquals("cuda:2", ExecutionDevice.parse("cuda:2").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExecutionDevice.parse("tpu"));
        assertEquals("device 'tpu' is not cpu, cuda or cuda:N", e.getMessage());
    }

    @Test
    void cudaThatCannotLoadFallsBackToTheCpuAndStillServes() throws Exception {
        // the CPU build of ONNX Runtime has no CUDA provider, as on a machine without a GPU
        SessionFactory factory = new SessionFactory(ExecutionDevice.parse("cuda:0"), 1);
        try (OnnxNetwork decoder = factory.open(Files.readAllBytes(BundledModels.MNIST.resolve("decoder.onnx")))) {
            assertEquals(ExecutionDevice.CPU_DEVICE, factory.effectiveDevice());
            assertEquals("x_hat", decoder.outputs().get(0).name());
        }
    }
}
