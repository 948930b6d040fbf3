package dev.cvae.trainer.judge;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

/**
 * A model directory's encoder and decoder opened in ONNX Runtime, exactly the files the server serves: the
 * encoder maps (x, c) to (mu, logvar), the decoder (z, c) to x_hat, the Bernoulli means of the pixels. For
 * likelihoods the decoder is opened a second time with its final {@code Sigmoid} made an {@code Identity}, so that
 * it returns the logits: float32 means next to 1 have too few digits for log(1 - p) (on {@code models/mnist} the
 * test reconstruction term computed from the means is 0.13 nats above the one from the logits, which matches the
 * trainer's to the third decimal). Inputs are copied into direct native-order buffers; outputs come back as flat
 * row-major arrays.
 *
 * <p>Close it when done: it owns three native sessions. Not thread-safe (one caller at a time).
 */
public final class OnnxCvae implements AutoCloseable {
    private final ExportedModel model;
    private final OrtEnvironment env;
    private final OrtSession.SessionOptions options;
    private final OrtSession encoder;
    private final OrtSession decoder;
    private final OrtSession logitDecoder;

    /** Mean and log-variance of q(z|x,c), [N, latent] each, row-major. */
    public record Posterior(float[] mu, float[] logvar) {
    }

    private OnnxCvae(ExportedModel model, OrtEnvironment env, OrtSession.SessionOptions options, OrtSession encoder,
                     OrtSession decoder, OrtSession logitDecoder) {
        this.model = model;
        this.env = env;
        this.options = options;
        this.encoder = encoder;
        this.decoder = decoder;
        this.logitDecoder = logitDecoder;
    }

    /** Opens both networks of {@code model} with {@code threads} intra-op threads. */
    public static OnnxCvae open(ExportedModel model, int threads) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        List<OrtSession> opened = new ArrayList<>();
        try {
            options.setIntraOpNumThreads(threads);
            byte[] decoderBytes = read(model, model.decoderFile());
            opened.add(env.createSession(read(model, model.encoderFile()), options));
            opened.add(env.createSession(decoderBytes, options));
            opened.add(env.createSession(withLogitOutput(decoderBytes, model), options));
            return new OnnxCvae(model, env, options, opened.get(0), opened.get(1), opened.get(2));
        } catch (OrtException | RuntimeException e) {
            for (OrtSession session : opened) {
                try {
                    session.close();
                } catch (OrtException ignored) {
                    // already failing
                }
            }
            options.close();
            if (e instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalArgumentException("cannot open the ONNX networks of " + model.directory() + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(ExportedModel model, String name) {
        Path path = model.directory().resolve(name);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** The decoder with the Sigmoid that makes x_hat turned into an Identity: x_hat then holds the logits. */
    static byte[] withLogitOutput(byte[] decoder, ExportedModel model) {
        try {
            Onnx.ModelProto proto = Onnx.ModelProto.parseFrom(decoder);
            Onnx.GraphProto.Builder graph = proto.getGraph().toBuilder();
            for (int i = 0; i < graph.getNodeCount(); i++) {
                Onnx.NodeProto node = graph.getNode(i);
                if (node.getOutputCount() == 1 && node.getOutput(0).equals("x_hat")) {
                    if (!node.getOpType().equals("Sigmoid")) {
                        throw new IllegalArgumentException(model.directory().resolve(model.decoderFile()) + ": x_hat comes from a "
                                + node.getOpType() + ", not a Sigmoid; likelihoods need a Bernoulli decoder's logits");
                    }
                    graph.setNode(i, node.toBuilder().setOpType("Identity"));
                    return proto.toBuilder().setGraph(graph).build().toByteArray();
                }
            }
            throw new IllegalArgumentException(model.directory().resolve(model.decoderFile()) + ": no node makes x_hat");
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(model.directory().resolve(model.decoderFile()) + " is not an ONNX model: " + e.getMessage(), e);
        }
    }

    /** ONNX Runtime's intra-op threads when none are asked for: OMP_NUM_THREADS, else 1. */
    public static int defaultThreads() {
        try {
            return Math.max(1, Integer.parseInt(System.getenv().getOrDefault("OMP_NUM_THREADS", "1")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    public ExportedModel model() {
        return model;
    }

    /** q(z|x,c) of {@code rows} images x [rows, pixels] and conditioning vectors c [rows, size]. */
    public Posterior encode(float[] x, float[] c, int rows) {
        Map<String, float[]> out = run(encoder, Map.of("x", x, "c", c), rows, "mu", "logvar");
        return new Posterior(out.get("mu"), out.get("logvar"));
    }

    /** Pixel means x_hat [rows, pixels] of latent vectors z [rows, latent] under conditioning vectors c [rows, size]. */
    public float[] decode(float[] z, float[] c, int rows) {
        return run(decoder, Map.of("z", z, "c", c), rows, "x_hat").get("x_hat");
    }

    /** The decoder's logits [rows, pixels]: x_hat = sigmoid(logits). */
    public float[] decodeLogits(float[] z, float[] c, int rows) {
        return run(logitDecoder, Map.of("z", z, "c", c), rows, "x_hat").get("x_hat");
    }

    private Map<String, float[]> run(OrtSession session, Map<String, float[]> inputs, int rows, String... outputs) {
        Map<String, OnnxTensor> tensors = new java.util.HashMap<>();
        try {
            for (Map.Entry<String, float[]> in : inputs.entrySet()) {
                float[] values = in.getValue();
                if (values.length % rows != 0) {
                    throw new IllegalArgumentException(in.getKey() + " holds " + values.length + " values, not a multiple of " + rows + " rows");
                }
                FloatBuffer buf = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
                buf.put(values).flip();
                tensors.put(in.getKey(), OnnxTensor.createTensor(env, buf, new long[] {rows, values.length / rows}));
            }
            Map<String, float[]> result = new java.util.HashMap<>();
            try (OrtSession.Result r = session.run(tensors, java.util.Set.of(outputs))) {
                for (String name : outputs) {
                    FloatBuffer out = ((OnnxTensor) r.get(name).orElseThrow()).getFloatBuffer();
                    float[] values = new float[out.remaining()];
                    out.get(values);
                    result.put(name, values);
                }
            }
            return result;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on " + model.directory() + ": " + e.getMessage(), e);
        } finally {
            tensors.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() {
        try {
            encoder.close();
            decoder.close();
            logitDecoder.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the sessions of " + model.directory(), e);
        } finally {
            options.close();
        }
    }
}
