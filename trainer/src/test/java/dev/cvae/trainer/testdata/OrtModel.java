package dev.cvae.trainer.testdata;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** An exported model loaded into ONNX Runtime, for tests: float matrices in, float matrices out. */
public final class OrtModel implements AutoCloseable {
    private final OrtSession session;

    public OrtModel(byte[] onnx) throws OrtException {
        this.session = OrtEnvironment.getEnvironment().createSession(onnx, new OrtSession.SessionOptions());
    }

    /** Input or output name -> shape, as ONNX Runtime reads it from the file (-1 for dynamic). */
    public Map<String, long[]> inputShapes() throws OrtException {
        return shapes(session.getInputInfo());
    }

    public Map<String, long[]> outputShapes() throws OrtException {
        return shapes(session.getOutputInfo());
    }

    public Map<String, float[][]> run(Map<String, float[][]> inputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> tensors = new HashMap<>();
        try {
            for (Map.Entry<String, float[][]> in : inputs.entrySet()) {
                float[][] rows = in.getValue();
                int cols = rows[0].length;
                FloatBuffer buf = FloatBuffer.allocate(rows.length * cols);
                for (float[] row : rows) buf.put(row);
                buf.flip();
                tensors.put(in.getKey(), OnnxTensor.createTensor(env, buf, new long[] {rows.length, cols}));
            }
            Map<String, float[][]> out = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(tensors)) {
                result.forEach(e -> {
                    try {
                        out.put(e.getKey(), (float[][]) e.getValue().getValue());
                    } catch (OrtException ex) {
                        throw new IllegalStateException(ex);
                    }
                });
            }
            return out;
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    private static Map<String, long[]> shapes(Map<String, NodeInfo> infos) {
        Map<String, long[]> out = new LinkedHashMap<>();
        infos.forEach((name, info) -> out.put(name, ((TensorInfo) info.getInfo()).getShape()));
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
