package dev.cvae.server.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.cvae.api.inference.InferTensorContents;
import dev.cvae.api.inference.ModelInferRequest;
import dev.cvae.api.inference.ModelInferRequest.InferInputTensor;
import dev.cvae.api.inference.ModelInferResponse;
import dev.cvae.server.inference.Commands;
import dev.cvae.server.inference.InvalidRequestException;
import dev.cvae.server.runtime.InferenceFunction.Port;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@code ModelInferRequest} into a checked {@link Commands.Infer} and the network's outputs back into a
 * {@code ModelInferResponse}: the one place where v2 tensors are validated. Every input must be FP32 of shape
 * [rows, width] with the same rows for all, its data either all in {@code raw_input_contents} (little-endian
 * float32, one entry per input, in the order of {@code inputs}) or all in {@code contents.fp32_contents}, and
 * finite. Errors name the tensor ({@code inputs[1] 'c'}), the value and what was expected. Answers are in the
 * raw form. Thread-safe.
 */
final class InferTensors {
    static final String FP32 = "FP32";

    private final int maxRows;

    /** A checked request: the command to run and the outputs to answer with, in the order asked for. */
    record Checked(Commands.Infer command, List<Port> outputs) {
        Checked {
            outputs = List.copyOf(outputs);
        }
    }

    /** @param maxRows the most rows (the batch dimension) one request may send */
    InferTensors(int maxRows) {
        if (maxRows < 1) throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
        this.maxRows = maxRows;
    }

    Checked read(ModelInferRequest r, V2Model model, long deadlineNanos) {
        boolean raw = r.getRawInputContentsCount() > 0;
        if (raw && r.getRawInputContentsCount() != r.getInputsCount()) {
            throw new InvalidRequestException("raw_input_contents", r.getRawInputContentsCount() + " entries for "
                    + r.getInputsCount() + " inputs, expected one entry per input, in the order of inputs");
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, Integer> given = new HashMap<>();
        int rows = 0;
        String rowsFrom = null;
        for (int i = 0; i < r.getInputsCount(); i++) {
            InferInputTensor t = r.getInputs(i);
            String field = "inputs[" + i + "] '" + t.getName() + "'";
            Port port = port(model.inputs(), t.getName());
            if (port == null) {
                throw new InvalidRequestException(field, "not an input of model " + model.name() + ", which takes "
                        + V2Model.describe(model.inputs()));
            }
            Integer first = given.putIfAbsent(port.name(), i);
            if (first != null) throw new InvalidRequestException(field, "duplicate; inputs[" + first + "] already gives it");
            if (!FP32.equals(t.getDatatype())) {
                throw new InvalidRequestException(field, "datatype " + (t.getDatatype().isEmpty() ? "missing" : t.getDatatype())
                        + ", expected " + FP32);
            }
            int n = rows(t, port, field);
            if (rowsFrom == null) {
                rows = n;
                rowsFrom = field;
            } else if (n != rows) {
                throw new InvalidRequestException(field, "batch size " + n + ", expected " + rows + " as in " + rowsFrom
                        + " (all inputs must have the same batch size)");
            }
            int typed = valueCount(t.getContents());
            if (raw && typed > 0) {
                throw new InvalidRequestException(field, "has " + typed + " values in contents while raw_input_contents is "
                        + "also set; send all inputs' data one way: raw_input_contents or contents");
            }
            float[] v = raw ? rawValues(r.getRawInputContents(i), i, n, port, field) : typedValues(t.getContents(), n, port, field);
            checkFinite(v, port, field);
            values.put(port.name(), v);
        }
        for (Port p : model.inputs()) {
            if (!values.containsKey(p.name())) {
                throw new InvalidRequestException("inputs", "'" + p.name() + "' is missing; model " + model.name()
                        + " takes " + V2Model.describe(model.inputs()));
            }
        }
        return new Checked(new Commands.Infer(model.model(), model.network(), values, rows, deadlineNanos), outputs(r, model));
    }

    /** The raw answer: each requested output as [rows, width] FP32, its bytes in raw_output_contents. */
    static ModelInferResponse response(ModelInferRequest r, V2Model model, Checked checked, Map<String, float[]> outputs) {
        int rows = checked.command().rows();
        ModelInferResponse.Builder b = ModelInferResponse.newBuilder()
                .setModelName(model.name()).setModelVersion(model.version()).setId(r.getId());
        for (Port port : checked.outputs()) {
            b.addOutputs(ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(port.name()).setDatatype(FP32).addShape(rows).addShape(port.width()));
            b.addRawOutputContents(littleEndian(outputs.get(port.name())));
        }
        return b.build();
    }

    /** The batch size of an input, after checking that its shape is [rows, width] with rows in 1..maxRows. */
    private int rows(InferInputTensor t, Port port, String field) {
        List<Long> shape = t.getShapeList();
        String expected = "[rows, " + port.width() + "]";
        if (shape.size() != 2) {
            throw new InvalidRequestException(field, "shape " + shape + " has rank " + shape.size() + ", expected " + expected);
        }
        if (shape.get(1) != port.width()) {
            throw new InvalidRequestException(field, "shape " + shape + " has width " + shape.get(1) + ", expected " + expected);
        }
        long rows = shape.get(0);
        if (rows < 1 || rows > maxRows) {
            throw new InvalidRequestException(field, "shape " + shape + " has batch size " + rows + ", expected 1.." + maxRows);
        }
        return (int) rows;
    }

    private static float[] rawValues(ByteString data, int index, int rows, Port port, String field) {
        long expected = (long) rows * port.width() * Float.BYTES;
        if (data.size() != expected) {
            throw new InvalidRequestException(field, "raw_input_contents[" + index + "] has " + data.size() + " bytes, expected "
                    + expected + " for shape [" + rows + ", " + port.width() + "] of " + FP32 + " (4 bytes each, little-endian)");
        }
        float[] values = new float[rows * port.width()];
        data.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static float[] typedValues(InferTensorContents c, int rows, Port port, String field) {
        int expected = rows * port.width();
        String where = " for shape [" + rows + ", " + port.width() + "]";
        int others = valueCount(c) - c.getFp32ContentsCount();
        if (others > 0) {
            throw new InvalidRequestException(field, "contents has " + others + " values outside fp32_contents; "
                    + FP32 + " data goes in contents.fp32_contents");
        }
        if (c.getFp32ContentsCount() == 0) {
            throw new InvalidRequestException(field, "no data; expected " + expected + " values" + where
                    + " in contents.fp32_contents or raw_input_contents");
        }
        if (c.getFp32ContentsCount() != expected) {
            throw new InvalidRequestException(field, c.getFp32ContentsCount() + " values in contents.fp32_contents, expected "
                    + expected + where);
        }
        float[] values = new float[expected];
        for (int i = 0; i < expected; i++) values[i] = c.getFp32Contents(i);
        return values;
    }

    private static int valueCount(InferTensorContents c) {
        return c.getBoolContentsCount() + c.getIntContentsCount() + c.getInt64ContentsCount() + c.getUintContentsCount()
                + c.getUint64ContentsCount() + c.getFp32ContentsCount() + c.getFp64ContentsCount() + c.getBytesContentsCount();
    }

    /** The networks forbid NaN and infinities; the first one found is reported with its place. */
    private static void checkFinite(float[] values, Port port, String field) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new InvalidRequestException(field, "value " + values[i] + " at index " + i + " (row " + i / port.width()
                        + ", column " + i % port.width() + ") is not finite");
            }
        }
    }

    /** The requested outputs in the order asked for; all of the network's outputs, in its order, when none is asked for. */
    private static List<Port> outputs(ModelInferRequest r, V2Model model) {
        if (r.getOutputsCount() == 0) return model.outputs();
        List<Port> ports = new ArrayList<>();
        Map<String, Integer> asked = new HashMap<>();
        for (int i = 0; i < r.getOutputsCount(); i++) {
            String name = r.getOutputs(i).getName();
            String field = "outputs[" + i + "] '" + name + "'";
            Port port = port(model.outputs(), name);
            if (port == null) {
                throw new InvalidRequestException(field, "not an output of model " + model.name() + ", which gives "
                        + V2Model.describe(model.outputs()));
            }
            Integer first = asked.putIfAbsent(name, i);
            if (first != null) throw new InvalidRequestException(field, "duplicate; outputs[" + first + "] already asks for it");
            ports.add(port);
        }
        return ports;
    }

    private static Port port(List<Port> ports, String name) {
        return ports.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private static ByteString littleEndian(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        // the array is never written again, so the message may share it instead of copying it
        return UnsafeByteOperations.unsafeWrap(buf.array());
    }
}
