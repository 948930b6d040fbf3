package dev.cvae.server.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX model of [N, width] float inputs and outputs, run by ONNX Runtime. Inputs are wrapped without a copy
 * when they come as direct buffers; a {@link #workspace} also lets the runtime write its outputs in place.
 *
 * <p>Thread-safe: ONNX Runtime sessions allow concurrent {@code run} calls. Close it once no call is running;
 * the native session is freed then.
 */
public final class OnnxNetwork implements InferenceFunction, AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final List<Port> inputs;
    private final List<Port> outputs;

    private OnnxNetwork(OrtEnvironment env, OrtSession session, List<Port> inputs, List<Port> outputs) {
        this.env = env;
        this.session = session;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * Loads a model and reads its ports.
     *
     * @throws IllegalArgumentException when an input or output is not a float [N, width] tensor
     */
    public static OnnxNetwork load(OrtEnvironment env, byte[] model, OrtSession.SessionOptions options) throws OrtException {
        OrtSession session = env.createSession(model, options);
        try {
            return new OnnxNetwork(env, session, ports(session.getInputInfo()), ports(session.getOutputInfo()));
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private static List<Port> ports(Map<String, NodeInfo> infos) {
        List<Port> ports = new ArrayList<>();
        for (Map.Entry<String, NodeInfo> e : infos.entrySet()) {
            if (!(e.getValue().getInfo() instanceof TensorInfo t)) {
                throw new IllegalArgumentException(e.getKey() + " is not a tensor");
            }
            long[] shape = t.getShape();
            if (t.type != ai.onnxruntime.OnnxJavaType.FLOAT || shape.length != 2 || shape[1] < 1) {
                throw new IllegalArgumentException(e.getKey() + " is " + t.type + " " + Arrays.toString(shape)
                        + ", expected float [N, width]");
            }
            ports.add(new Port(e.getKey(), (int) shape[1]));
        }
        return List.copyOf(ports);
    }

    @Override
    public List<Port> inputs() {
        return inputs;
    }

    @Override
    public List<Port> outputs() {
        return outputs;
    }

    @Override
    public Map<String, float[]> run(Map<String, FloatBuffer> in, int rows) throws OrtException {
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try {
            for (Port port : inputs) {
                FloatBuffer buf = in.get(port.name()).duplicate();
                buf.position(0).limit(rows * port.width());
                tensors.put(port.name(), OnnxTensor.createTensor(env, buf, new long[] {rows, port.width()}));
            }
            Map<String, float[]> out = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(tensors)) {
                for (Port port : outputs) {
                    OnnxValue value = result.get(port.name()).orElseThrow();
                    FloatBuffer fb = ((OnnxTensor) value).getFloatBuffer();
                    float[] values = new float[rows * port.width()];
                    fb.get(values);
                    out.put(port.name(), values);
                }
            }
            return out;
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    /** Buffers that ONNX Runtime reads and writes in place: a run copies no input or output. */
    @Override
    public Workspace workspace(int maxRows) {
        return new OnnxWorkspace(env, session, inputs, outputs, maxRows);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
