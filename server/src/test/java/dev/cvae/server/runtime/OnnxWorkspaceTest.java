package dev.cvae.server.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvae.server.runtime.InferenceFunction.Port;
import dev.cvae.server.runtime.InferenceFunction.Workspace;
import dev.cvae.server.testing.BundledModels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A workspace's in-place runs give what a plain run gives, whatever the batch sizes before them. */
class OnnxWorkspaceTest {
    @Test
    void runsInPlaceGiveThePlainRunsOutputsAcrossBatchSizes() throws Exception {
        SplittableRandom rng = new SplittableRandom(3);
        try (OnnxNetwork decoder = new SessionFactory(ExecutionDevice.CPU_DEVICE, 1)
                .open(Files.readAllBytes(BundledModels.MNIST.resolve("decoder.onnx")));
             Workspace space = decoder.workspace(8)) {
            // sizes repeat and shrink, so kept tensors are reused and a smaller run follows a larger one
            for (int rows : new int[] {3, 8, 1, 3, 8, 2}) {
                Map<String, float[]> values = random(decoder.inputs(), rows, rng);
                List<Port> inputs = decoder.inputs();
                for (int i = 0; i < inputs.size(); i++) space.input(i).clear().put(values.get(inputs.get(i).name()));
                space.run(rows);

                Map<String, float[]> expected = decoder.run(direct(values), rows);
                Port out = decoder.outputs().get(0);
                float[] actual = new float[rows * out.width()];
                space.output(0).get(0, actual);
                assertArrayEquals(expected.get(out.name()), actual, rows + " rows");
            }
        }
    }

    @Test
    void aRunOfMoreRowsThanTheWorkspaceHoldsIsRefusedWithTheLimit() throws Exception {
        try (OnnxNetwork decoder = new SessionFactory(ExecutionDevice.CPU_DEVICE, 1)
                .open(Files.readAllBytes(BundledModels.MNIST.resolve("decoder.onnx")));
             Workspace space = decoder.workspace(4)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> space.run(5));
            assertEquals("rows must be 1..4, got 5", e.getMessage());
        }
    }

    @Test
    void theDefaultWorkspaceWrapsAPlainRun() throws Exception {
        InferenceFunction doubling = new InferenceFunction() {
            @Override
            public List<Port> inputs() {
                return List.of(new Port("x", 2));
            }

            @Override
            public List<Port> outputs() {
                return List.of(new Port("y", 2));
            }

            @Override
            public Map<String, float[]> run(Map<String, FloatBuffer> in, int rows) {
                float[] y = new float[rows * 2];
                for (int i = 0; i < y.length; i++) y[i] = 2 * in.get("x").get(i);
                return Map.of("y", y);
            }
        };
        try (Workspace space = doubling.workspace(3)) {
            space.input(0).clear().put(new float[] {1, 2, 3, 4});
            space.run(2);
            float[] y = new float[4];
            space.output(0).get(0, y);
            assertArrayEquals(new float[] {2, 4, 6, 8}, y);
        }
    }

    private static Map<String, float[]> random(List<Port> ports, int rows, SplittableRandom rng) {
        Map<String, float[]> values = new HashMap<>();
        for (Port port : ports) {
            float[] v = new float[rows * port.width()];
            for (int i = 0; i < v.length; i++) v[i] = (float) (rng.nextDouble() * 2 - 1);
            values.put(port.name(), v);
        }
        return values;
    }

    private static Map<String, FloatBuffer> direct(Map<String, float[]> values) {
        Map<String, FloatBuffer> out = new HashMap<>();
        values.forEach((name, v) -> out.put(name, ByteBuffer.allocateDirect(v.length * Float.BYTES)
                .order(ByteOrder.nativeOrder()).asFloatBuffer().put(v).flip()));
        return out;
    }
}
