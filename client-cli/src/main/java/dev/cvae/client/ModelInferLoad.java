package dev.cvae.client;

import com.google.protobuf.ByteString;
import dev.cvae.api.inference.ModelInferRequest;
import dev.cvae.api.inference.ModelInferRequest.InferInputTensor;
import dev.cvae.api.inference.ReactorGRPCInferenceServiceGrpc.ReactorGRPCInferenceServiceStub;
import dev.cvae.api.v1.Endpoint;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.InterpolateRequest;
import dev.cvae.api.v1.ModelInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import picocli.CommandLine;
import reactor.core.publisher.Mono;

/**
 * The load of {@code bench --operation kserve}: ModelInfer requests on the Open Inference Protocol's
 * {@code <model>-decoder}, each {@code rows} rows of standard normal latents under conditioning vectors drawn
 * from a pool, in the raw (little-endian) tensor form. Immutable; requests are built per call.
 */
final class ModelInferLoad {
    private static final int POOL = 16;

    private final ReactorGRPCInferenceServiceStub stub;
    private final String v2Model;
    private final int latentDim;
    private final List<float[]> conditions;

    ModelInferLoad(ReactorGRPCInferenceServiceStub stub, ModelInfo model, List<float[]> conditions) {
        if (conditions.isEmpty()) throw new IllegalArgumentException("conditions must not be empty");
        this.stub = stub;
        this.v2Model = model.getName() + "-decoder";
        this.latentDim = model.getLatentDim();
        this.conditions = List.copyOf(conditions);
    }

    /**
     * Conditioning vectors for random conditions of the model, as the server builds them (whatever its
     * conditioning kind): each is read from the first frame of a two-step interpolation under that condition.
     */
    static List<float[]> conditions(ServerSession session, ModelInfo model, CommandLine cli) {
        SplittableRandom rng = new SplittableRandom(17);
        List<float[]> pool = new ArrayList<>(POOL);
        for (int i = 0; i < POOL; i++) {
            var condition = Labels.random(model, rng);
            var frame = session.blocking().interpolate(InterpolateRequest.newBuilder().setModel(model.getName()).setSteps(2)
                    .setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32)
                    .setStart(Endpoint.newBuilder().setCondition(condition).setSeed(i))
                    .setEnd(Endpoint.newBuilder().setCondition(condition).setSeed(i))
                    .build()).next();
            float[] c = new float[frame.getConditionCount()];
            for (int j = 0; j < c.length; j++) c[j] = frame.getCondition(j);
            pool.add(c);
        }
        return pool;
    }

    /** One ModelInfer of {@code rows} rows; completes when answered. */
    Mono<?> call(int rows, SplittableRandom rng) {
        float[] z = new float[rows * latentDim];
        for (int i = 0; i < z.length; i++) z[i] = (float) gaussian(rng);
        int k = conditions.get(0).length;
        float[] c = new float[rows * k];
        for (int r = 0; r < rows; r++) System.arraycopy(conditions.get(rng.nextInt(conditions.size())), 0, c, r * k, k);
        ModelInferRequest request = ModelInferRequest.newBuilder().setModelName(v2Model)
                .addInputs(tensor("z", rows, latentDim)).addInputs(tensor("c", rows, k))
                .addRawInputContents(littleEndian(z)).addRawInputContents(littleEndian(c))
                .build();
        return stub.modelInfer(request);
    }

    private static InferInputTensor tensor(String name, int rows, int width) {
        return InferInputTensor.newBuilder().setName(name).setDatatype("FP32").addShape(rows).addShape(width).build();
    }

    private static ByteString littleEndian(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return ByteString.copyFrom(buf);
    }

    /** Standard normal, by Box-Muller. */
    private static double gaussian(SplittableRandom rng) {
        double u = 1.0 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
