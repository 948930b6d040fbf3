package dev.cvae.trainer.report;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exported encoder and decoder opened in ONNX Runtime, so that the report shows exactly what a server will
 * serve. Rows are flat float arrays, {@code n} rows at a time. Not thread-safe.
 */
final class ExportedNetworks implements AutoCloseable {
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession encoder;
    private final OrtSession decoder;

    ExportedNetworks(byte[] encoderOnnx, byte[] decoderOnnx) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            encoder = env.createSession(encoderOnnx, options);
            decoder = env.createSession(decoderOnnx, options);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime cannot open the exported networks: " + e.getMessage(), e);
        }
    }

    /** Pixel means [n * pixels] of latent vectors z [n * latent] under conditions c [n * K]. */
    float[] decode(float[] z, float[] c, int n) {
        return run(decoder, "z", z, "c", c, n, "x_hat");
    }

    /** Posterior means mu [n * latent] of images x [n * pixels] under conditions c [n * K]. */
    float[] encodeMean(float[] x, float[] c, int n) {
        return run(encoder, "x", x, "c", c, n, "mu");
    }

    private float[] run(OrtSession session, String a, float[] av, String b, float[] bv, int n, String output) {
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            inputs.put(a, OnnxTensor.createTensor(env, FloatBuffer.wrap(av), new long[] {n, av.length / n}));
            inputs.put(b, OnnxTensor.createTensor(env, FloatBuffer.wrap(bv), new long[] {n, bv.length / n}));
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer out = ((OnnxTensor) result.get(output).orElseThrow()).getFloatBuffer();
                float[] values = new float[out.remaining()];
                out.get(values);
                return values;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + output + ": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            encoder.close();
            decoder.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
