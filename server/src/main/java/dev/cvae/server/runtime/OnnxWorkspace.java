package dev.cvae.server.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.cvae.server.runtime.InferenceFunction.Port;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One worker's buffers for an {@link OnnxNetwork}: ONNX Runtime reads the inputs from them and writes the outputs
 * into them, so a run copies nothing. Tensors over the first {@code rows} rows of each buffer are made the first
 * time a batch of that size runs and kept until {@link #close}. Not thread-safe.
 */
final class OnnxWorkspace implements InferenceFunction.Workspace {
    /** A run's input and output tensors over the workspace's buffers, for one number of rows. */
    private record Bound(Map<String, OnnxTensor> inputs, Map<String, OnnxTensor> outputs) {
        void close() {
            inputs.values().forEach(OnnxTensor::close);
            outputs.values().forEach(OnnxTensor::close);
        }
    }

    private final OrtEnvironment env;
    private final OrtSession session;
    private final List<Port> inputPorts;
    private final List<Port> outputPorts;
    private final FloatBuffer[] inputs;
    private final FloatBuffer[] outputs;
    private final Bound[] byRows;

    OnnxWorkspace(OrtEnvironment env, OrtSession session, List<Port> inputPorts, List<Port> outputPorts, int maxRows) {
        if (maxRows < 1) throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
        this.env = env;
        this.session = session;
        this.inputPorts = inputPorts;
        this.outputPorts = outputPorts;
        this.inputs = allocate(inputPorts, maxRows);
        this.outputs = allocate(outputPorts, maxRows);
        this.byRows = new Bound[maxRows + 1];
    }

    private static FloatBuffer[] allocate(List<Port> ports, int maxRows) {
        FloatBuffer[] buffers = new FloatBuffer[ports.size()];
        for (int i = 0; i < buffers.length; i++) buffers[i] = BufferedWorkspace.direct(maxRows * ports.get(i).width());
        return buffers;
    }

    @Override
    public FloatBuffer input(int i) {
        return inputs[i];
    }

    @Override
    public void run(int rows) throws OrtException {
        if (rows < 1 || rows >= byRows.length) {
            throw new IllegalArgumentException("rows must be 1.." + (byRows.length - 1) + ", got " + rows);
        }
        Bound bound = byRows[rows];
        if (bound == null) bound = byRows[rows] = bind(rows);
        session.run(bound.inputs(), bound.outputs()).close(); // the result owns no tensor: the outputs are pinned
    }

    private Bound bind(int rows) throws OrtException {
        Map<String, OnnxTensor> in = new HashMap<>();
        Map<String, OnnxTensor> out = new HashMap<>();
        try {
            tensors(inputPorts, inputs, rows, in);
            tensors(outputPorts, outputs, rows, out);
        } catch (OrtException | RuntimeException e) {
            new Bound(in, out).close();
            throw e;
        }
        return new Bound(in, out);
    }

    /** Tensors over the first {@code rows} rows of each buffer; a direct native-order buffer is used in place. */
    private void tensors(List<Port> ports, FloatBuffer[] buffers, int rows, Map<String, OnnxTensor> into) throws OrtException {
        for (int i = 0; i < buffers.length; i++) {
            Port port = ports.get(i);
            FloatBuffer view = buffers[i].duplicate().clear().limit(rows * port.width()).slice();
            into.put(port.name(), OnnxTensor.createTensor(env, view, new long[] {rows, port.width()}));
        }
    }

    @Override
    public FloatBuffer output(int i) {
        return outputs[i];
    }

    @Override
    public void close() {
        for (int rows = 0; rows < byRows.length; rows++) {
            if (byRows[rows] != null) byRows[rows].close();
            byRows[rows] = null;
        }
    }
}
