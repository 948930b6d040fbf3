package dev.cvae.server.runtime;

import dev.cvae.server.runtime.InferenceFunction.Port;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The default {@link InferenceFunction.Workspace}: direct input buffers of the maximum rows, handed to {@link
 * InferenceFunction#run}, whose output arrays it wraps. For functions that cannot write into given buffers.
 */
final class BufferedWorkspace implements InferenceFunction.Workspace {
    private final InferenceFunction function;
    private final List<Port> inputPorts;
    private final List<Port> outputPorts;
    private final FloatBuffer[] inputs;
    private final FloatBuffer[] outputs;

    BufferedWorkspace(InferenceFunction function, int maxRows) {
        this.function = function;
        this.inputPorts = function.inputs();
        this.outputPorts = function.outputs();
        this.inputs = new FloatBuffer[inputPorts.size()];
        for (int i = 0; i < inputs.length; i++) inputs[i] = direct(maxRows * inputPorts.get(i).width());
        this.outputs = new FloatBuffer[outputPorts.size()];
    }

    static FloatBuffer direct(int values) {
        return ByteBuffer.allocateDirect(values * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    @Override
    public FloatBuffer input(int i) {
        return inputs[i];
    }

    @Override
    public void run(int rows) throws Exception {
        Map<String, FloatBuffer> in = new HashMap<>();
        for (int i = 0; i < inputs.length; i++) in.put(inputPorts.get(i).name(), inputs[i].duplicate().clear());
        Map<String, float[]> out = function.run(in, rows);
        for (int i = 0; i < outputs.length; i++) outputs[i] = FloatBuffer.wrap(out.get(outputPorts.get(i).name()));
    }

    @Override
    public FloatBuffer output(int i) {
        return outputs[i];
    }

    @Override
    public void close() {
    }
}
