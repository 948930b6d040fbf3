package dev.cvae.trainer.export;

import dev.cvae.trainer.model.Activation;
import dev.cvae.trainer.model.ConvLayerSpec;
import dev.cvae.trainer.model.DenseLayerSpec;
import dev.cvae.trainer.model.HeadSpec;
import dev.cvae.trainer.model.InputSpec;
import dev.cvae.trainer.model.Layer;
import dev.cvae.trainer.model.NetworkSpec;
import dev.cvae.trainer.model.ParamSpec;
import dev.cvae.trainer.model.ReshapeSpec;
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
 * graph is built here, node by node, from the same definition the SameDiff graph was built from: each input's
 * stem, {@code Concat}, the trunk, then each head; dense layers become {@code Gemm}, convolutions {@code Conv}
 * and {@code ConvTranspose}, reshapes {@code Reshape}, activations {@code Relu}/{@code Sigmoid}.
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
     * The serialized ModelProto. {@code weights} maps each parameter name ({@link NetworkSpec#params()}) to its
     * value in SameDiff's layout; the same spec, weights and metadata always give the same bytes.
     */
    public static byte[] export(NetworkSpec spec, Map<String, INDArray> weights, Map<String, String> metadata) {
        Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName(spec.name());
        for (TensorSpec input : spec.inputs()) graph.addInput(valueInfo(input));
        for (TensorSpec output : spec.outputs()) graph.addOutput(valueInfo(output));
        for (Layer layer : spec.layers()) addInitializers(graph, layer, weights);

        List<String> features = new ArrayList<>();
        for (InputSpec input : spec.inputSpecs()) features.add(applyAll(graph, input.stem(), input.tensor().name(), null));
        String h;
        if (features.size() == 1) {
            h = features.get(0);
        } else {
            h = "features";
            graph.addNode(node("Concat", "concat", features, h).addAttribute(intAttribute("axis", 1)));
        }
        h = applyAll(graph, spec.trunk(), h, null);
        for (HeadSpec head : spec.heads()) {
            String out = head.output().name();
            if (head.outputActivation() == Activation.IDENTITY) {
                applyAll(graph, head.layers(), h, out);
            } else {
                String last = head.layers().get(head.layers().size() - 1).name();
                String logits = applyAll(graph, head.layers(), h, last + "_logits");
                graph.addNode(node(head.outputActivation().onnxOp(), last + "_act", List.of(logits), out));
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

    /**
     * Adds the nodes of {@code layers} applied to {@code in}; the last result is named {@code out} when that is
     * given (so that a head ends on its declared output). Returns the name of the result.
     */
    private static String applyAll(Onnx.GraphProto.Builder graph, List<Layer> layers, String in, String out) {
        String h = in;
        for (int i = 0; i < layers.size(); i++) {
            String result = out != null && i == layers.size() - 1 ? out : layers.get(i).name() + "_out";
            h = apply(graph, layers.get(i), h, result);
        }
        if (out != null && layers.isEmpty()) throw new IllegalArgumentException("no layer produces " + out);
        return h;
    }

    /** One layer's node (and its activation's node); returns {@code out}. */
    private static String apply(Onnx.GraphProto.Builder graph, Layer layer, String in, String out) {
        String pre = layer.activation() == Activation.IDENTITY ? out : layer.name() + "_pre";
        if (layer instanceof DenseLayerSpec d) {
            List<String> inputs = d.bias() ? List.of(in, d.weightName(), d.biasName()) : List.of(in, d.weightName());
            graph.addNode(node("Gemm", layer.name(), inputs, pre));
        } else if (layer instanceof ConvLayerSpec c) {
            graph.addNode(node(c.transposed() ? "ConvTranspose" : "Conv", layer.name(), List.of(in, c.weightName(), c.biasName()), pre)
                    .addAttribute(intsAttribute("kernel_shape", c.kernel(), c.kernel()))
                    .addAttribute(intsAttribute("strides", c.stride(), c.stride()))
                    .addAttribute(intsAttribute("pads", c.padding(), c.padding(), c.padding(), c.padding())));
        } else {
            graph.addNode(node("Reshape", layer.name(), List.of(in, layer.name() + "_shape"), pre));
        }
        if (pre.equals(out)) return out;
        graph.addNode(node(layer.activation().onnxOp(), layer.name() + "_act", List.of(pre), out));
        return out;
    }

    /** Parameters in ONNX's layout: dense as they are, convolution kernels permuted (3, 2, 0, 1); shapes of reshapes. */
    private static void addInitializers(Onnx.GraphProto.Builder graph, Layer layer, Map<String, INDArray> weights) {
        if (layer instanceof ReshapeSpec r) {
            long[] target = r.targetShape();
            ByteBuffer raw = ByteBuffer.allocate(target.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (long d : target) raw.putLong(d);
            graph.addInitializer(Onnx.TensorProto.newBuilder().setName(r.name() + "_shape")
                    .setDataType(Onnx.TensorProto.DataType.INT64_VALUE).addDims(target.length)
                    .setRawData(ByteString.copyFrom(raw.array())));
            return;
        }
        for (ParamSpec p : layer.params()) {
            INDArray value = weights.get(p.name());
            if (value == null) throw new IllegalArgumentException("no weights named " + p.name());
            if (value.length() != p.length()) {
                throw new IllegalArgumentException(p.name() + " has shape " + Arrays.toString(value.shape())
                        + ", expected " + Arrays.toString(p.shape()));
            }
            INDArray onnxValue = value.reshape(p.shape());
            if (p.shape().length == 4) onnxValue = onnxValue.permute(3, 2, 0, 1);
            graph.addInitializer(tensor(p.name(), onnxValue));
        }
    }

    private static Onnx.AttributeProto.Builder intAttribute(String name, long value) {
        return Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INT).setI(value);
    }

    private static Onnx.AttributeProto.Builder intsAttribute(String name, long... values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name).setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) a.addInts(v);
        return a;
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

    private static Onnx.TensorProto tensor(String name, INDArray value) {
        float[] data = value.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer raw = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(data);
        return Onnx.TensorProto.newBuilder().setName(name).setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(Arrays.stream(value.shape()).boxed().toList()).setRawData(ByteString.copyFrom(raw.array())).build();
    }
}
