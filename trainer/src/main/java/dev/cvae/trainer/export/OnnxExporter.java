package dev.cvae.trainer.export;

import dev.cvae.trainer.model.Activation;
import dev.cvae.trainer.model.DenseLayerSpec;
import dev.cvae.trainer.model.HeadSpec;
import dev.cvae.trainer.model.NetworkSpec;
import dev.cvae.trainer.model.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Writes a {@link NetworkSpec} and its trained weights as an ONNX model. No DL4J release exports ONNX, so the
 * graph is built here, node by node, from the same definition the SameDiff graph was built from:
 * {@code Concat(inputs) -> Gemm -> activation -> ... -> Gemm (-> Sigmoid)} per head.
 *
 * <p>IR version 8 and opset 17, which ONNX 1.12's checker and ONNX Runtime 1.29 both accept. The batch
 * dimension of every input and output is the symbolic {@code N}. Stateless and thread-safe.
 */
public final class OnnxExporter {
    public static final long IR_VERSION = 8;
    public static final long OPSET = 17;
    public static final String BATCH_DIM = "N";

    private OnnxExporter() {
    }

    /**
     * The serialized ModelProto. {@code weights} maps each layer's parameter names to [in, out] and [out]; the
     * same spec, weights and metadata always give the same bytes.
     */
    public static byte[] export(NetworkSpec spec, Map<String, INDArray> weights, Map<String, String> metadata) {
        Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName(spec.name());
        for (TensorSpec input : spec.inputs()) graph.addInput(valueInfo(input));
        for (TensorSpec output : spec.outputs()) graph.addOutput(valueInfo(output));
        for (DenseLayerSpec layer : spec.layers()) {
            graph.addInitializer(tensor(layer.weightName(), weights, layer.in(), layer.out()));
            graph.addInitializer(tensor(layer.biasName(), weights, layer.out()));
        }

        String h;
        if (spec.inputs().size() == 1) {
            h = spec.inputs().get(0).name();
        } else {
            h = "features";
            graph.addNode(node("Concat", "concat", spec.inputs().stream().map(TensorSpec::name).toList(), h)
                    .addAttribute(Onnx.AttributeProto.newBuilder().setName("axis")
                            .setType(Onnx.AttributeProto.AttributeType.INT).setI(1)));
        }
        for (DenseLayerSpec layer : spec.trunk()) {
            h = dense(graph, layer, h, layer.name() + "_out");
        }
        for (HeadSpec head : spec.heads()) {
            String out = head.output().name();
            if (head.outputActivation() == Activation.IDENTITY) {
                dense(graph, head.layer(), h, out);
            } else {
                String logits = dense(graph, head.layer(), h, head.layer().name() + "_logits");
                graph.addNode(node(head.outputActivation().onnxOp(), head.layer().name() + "_act", List.of(logits), out));
            }
        }

        Onnx.ModelProto.Builder model = Onnx.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("cvae-trainer")
                .setProducerVersion("1")
                .setDocString(spec.name() + " of a conditional variational autoencoder")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        // sorted: a Map's iteration order may change between JVM runs, and the same model must give the same bytes
        new TreeMap<>(metadata).forEach((k, v) -> model.addMetadataProps(Onnx.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return model.build().toByteArray();
    }

    /** Gemm(h, W, b) then the layer's activation; returns the name of the result. */
    private static String dense(Onnx.GraphProto.Builder graph, DenseLayerSpec layer, String in, String out) {
        if (layer.activation() == Activation.IDENTITY) {
            graph.addNode(node("Gemm", layer.name(), List.of(in, layer.weightName(), layer.biasName()), out));
            return out;
        }
        String pre = layer.name() + "_pre";
        graph.addNode(node("Gemm", layer.name(), List.of(in, layer.weightName(), layer.biasName()), pre));
        graph.addNode(node(layer.activation().onnxOp(), layer.name() + "_act", List.of(pre), out));
        return out;
    }

    private static Onnx.NodeProto.Builder node(String op, String name, List<String> inputs, String output) {
        return Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(output);
    }

    private static Onnx.ValueInfoProto valueInfo(TensorSpec t) {
        Onnx.TensorShapeProto shape = Onnx.TensorShapeProto.newBuilder()
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH_DIM))
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(t.size()))
                .build();
        return Onnx.ValueInfoProto.newBuilder().setName(t.name())
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE).setShape(shape)))
                .build();
    }

    private static Onnx.TensorProto tensor(String name, Map<String, INDArray> weights, long... dims) {
        INDArray value = weights.get(name);
        if (value == null) throw new IllegalArgumentException("no weights named " + name);
        if (value.length() != Arrays.stream(dims).reduce(1, (a, b) -> a * b)) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(value.shape())
                    + ", expected " + Arrays.toString(dims));
        }
        float[] data = value.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer raw = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        List<Long> dimList = new ArrayList<>();
        for (long d : dims) dimList.add(d);
        return Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(dimList).setRawData(ByteString.copyFrom(raw.array())).build();
    }
}
