package dev.cvae.server.testing;

import com.google.protobuf.ByteString;
import dev.cvae.api.inference.InferTensorContents;
import dev.cvae.api.inference.ModelInferRequest;
import dev.cvae.api.inference.ModelInferRequest.InferInputTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds Open Inference Protocol requests as a client sends them, and reads float32 bytes back. */
public final class InferRequests {
    private InferRequests() {
    }

    /** An FP32 input tensor of shape [rows, width]; not checked, so that tests can send malformed ones. */
    public record Tensor(String name, int rows, int width, float[] values) {
        InferInputTensor.Builder header() {
            return InferInputTensor.newBuilder().setName(name).setDatatype("FP32").addShape(rows).addShape(width);
        }
    }

    /** A request with every input's data in raw_input_contents, in the order given. */
    public static ModelInferRequest.Builder raw(String model, Tensor... tensors) {
        ModelInferRequest.Builder r = ModelInferRequest.newBuilder().setModelName(model);
        for (Tensor t : tensors) {
            r.addInputs(t.header());
            r.addRawInputContents(littleEndian(t.values()));
        }
        return r;
    }

    /** A request with every input's data in its contents.fp32_contents. */
    public static ModelInferRequest.Builder typed(String model, Tensor... tensors) {
        ModelInferRequest.Builder r = ModelInferRequest.newBuilder().setModelName(model);
        for (Tensor t : tensors) {
            InferTensorContents.Builder c = InferTensorContents.newBuilder();
            for (float v : t.values()) c.addFp32Contents(v);
            r.addInputs(t.header().setContents(c));
        }
        return r;
    }

    public static ByteString littleEndian(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return ByteString.copyFrom(buf.array());
    }

    public static float[] floats(ByteString littleEndian) {
        float[] out = new float[littleEndian.size() / Float.BYTES];
        littleEndian.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /** {@code rows} one-hot rows of width k, each with a 1 at {@code index}. */
    public static float[] oneHot(int rows, int k, int index) {
        float[] c = new float[rows * k];
        for (int r = 0; r < rows; r++) c[r * k + index] = 1f;
        return c;
    }
}
