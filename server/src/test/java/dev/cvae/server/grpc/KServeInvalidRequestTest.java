package dev.cvae.server.grpc;

import static dev.cvae.server.testing.InferRequests.littleEndian;
import static dev.cvae.server.testing.InferRequests.oneHot;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import dev.cvae.api.inference.InferTensorContents;
import dev.cvae.api.inference.ModelInferRequest;
import dev.cvae.api.inference.ModelInferRequest.InferRequestedOutputTensor;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.InProcessServer;
import dev.cvae.server.testing.InferRequests;
import dev.cvae.server.testing.InferRequests.Tensor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every malformed ModelInfer gets its status and a message naming the tensor, the value and what was expected. */
class KServeInvalidRequestTest {
    static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new InProcessServer(BundledModels.registry(new BatchPolicy(64, Duration.ofMillis(1), 4096, 1)), 100);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static final Tensor Z = new Tensor("z", 2, 8, new float[16]);
    private static final Tensor C = new Tensor("c", 2, 10, oneHot(2, 10, 1));

    /** A valid two-row decoder request in the raw form, changed by {@code change}. */
    private static ModelInferRequest raw(UnaryOperator<ModelInferRequest.Builder> change) {
        return change.apply(InferRequests.raw("mnist-decoder", Z, C)).build();
    }

    /** A valid two-row decoder request in the typed form, changed by {@code change}. */
    private static ModelInferRequest typed(UnaryOperator<ModelInferRequest.Builder> change) {
        return change.apply(InferRequests.typed("mnist-decoder", Z, C)).build();
    }

    private static Executable fails(ModelInferRequest request, Status.Code code, String message) {
        return () -> {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> server.inference().modelInfer(request));
            assertEquals(code, e.getStatus().getCode(), message);
            assertEquals(message, e.getStatus().getDescription());
        };
    }

    @Test
    void unknownModelsAndVersionsAreNotFound() {
        assertAll(
                fails(raw(r -> r.setModelName("mnist")), Status.Code.NOT_FOUND, "model 'mnist' is not served; served models: "
                        + "fashion-mnist-conv-decoder, fashion-mnist-conv-encoder, fashion-mnist-decoder, fashion-mnist-encoder, "
                        + "mnist-2d-decoder, mnist-2d-encoder, mnist-decoder, mnist-encoder"),
                fails(raw(r -> r.setModelVersion("3")), Status.Code.NOT_FOUND,
                        "model 'mnist-decoder' has no version '3'; served versions: 1"),
                fails(raw(r -> r.setModelName("")), Status.Code.INVALID_ARGUMENT, "model_name: missing; served models: "
                        + "fashion-mnist-conv-decoder, fashion-mnist-conv-encoder, fashion-mnist-decoder, fashion-mnist-encoder, "
                        + "mnist-2d-decoder, mnist-2d-encoder, mnist-decoder, mnist-encoder"));
    }

    @Test
    void malformedTensorsAreInvalidArgumentsNamingTheTensor() {
        Map<ModelInferRequest, String> cases = new LinkedHashMap<>();
        cases.put(raw(r -> r.setInputs(0, r.getInputs(0).toBuilder().setDatatype("INT64"))),
                "inputs[0] 'z': datatype INT64, expected FP32");
        cases.put(raw(r -> r.setInputs(1, r.getInputs(1).toBuilder().clearDatatype())),
                "inputs[1] 'c': datatype missing, expected FP32");
        cases.put(raw(r -> r.setInputs(0, r.getInputs(0).toBuilder().clearShape().addShape(16))),
                "inputs[0] 'z': shape [16] has rank 1, expected [rows, 8]");
        cases.put(raw(r -> r.setInputs(0, r.getInputs(0).toBuilder().clearShape().addShape(2).addShape(4).addShape(2))),
                "inputs[0] 'z': shape [2, 4, 2] has rank 3, expected [rows, 8]");
        cases.put(raw(r -> r.setInputs(1, r.getInputs(1).toBuilder().setShape(1, 11))),
                "inputs[1] 'c': shape [2, 11] has width 11, expected [rows, 10]");
        cases.put(raw(r -> r.setInputs(0, r.getInputs(0).toBuilder().setShape(0, 0))),
                "inputs[0] 'z': shape [0, 8] has batch size 0, expected 1..100");
        cases.put(raw(r -> r.setInputs(0, r.getInputs(0).toBuilder().setShape(0, 101))),
                "inputs[0] 'z': shape [101, 8] has batch size 101, expected 1..100");
        cases.put(raw(r -> r.setInputs(1, r.getInputs(1).toBuilder().setShape(0, 3))),
                "inputs[1] 'c': batch size 3, expected 2 as in inputs[0] 'z' (all inputs must have the same batch size)");
        cases.put(raw(r -> r.setRawInputContents(0, littleEndian(new float[15]))),
                "inputs[0] 'z': raw_input_contents[0] has 60 bytes, expected 64 for shape [2, 8] of FP32 (4 bytes each, little-endian)");
        cases.put(raw(r -> r.setRawInputContents(1, ByteString.copyFrom(new byte[81]))),
                "inputs[1] 'c': raw_input_contents[1] has 81 bytes, expected 80 for shape [2, 10] of FP32 (4 bytes each, little-endian)");
        cases.put(InferRequests.raw("mnist-decoder", Z).build(),
                "inputs: 'c' is missing; model mnist-decoder takes z [-1, 8], c [-1, 10]");
        cases.put(raw(r -> r.addInputs(r.getInputs(0).toBuilder().setName("y")).addRawInputContents(littleEndian(new float[16]))),
                "inputs[2] 'y': not an input of model mnist-decoder, which takes z [-1, 8], c [-1, 10]");
        cases.put(raw(r -> r.addInputs(r.getInputs(0)).addRawInputContents(r.getRawInputContents(0))),
                "inputs[2] 'z': duplicate; inputs[0] already gives it");
        cases.put(raw(r -> r.clearRawInputContents().addRawInputContents(littleEndian(Z.values()))),
                "raw_input_contents: 1 entries for 2 inputs, expected one entry per input, in the order of inputs");
        cases.put(raw(r -> r.setInputs(1, r.getInputs(1).toBuilder().setContents(InferTensorContents.newBuilder().addFp32Contents(1)))),
                "inputs[1] 'c': has 1 values in contents while raw_input_contents is also set; "
                        + "send all inputs' data one way: raw_input_contents or contents");
        float[] withNaN = new float[16];
        withNaN[11] = Float.NaN;
        cases.put(raw(r -> r.setRawInputContents(0, littleEndian(withNaN))),
                "inputs[0] 'z': value NaN at index 11 (row 1, column 3) is not finite");
        float[] withInfinity = oneHot(2, 10, 1);
        withInfinity[4] = Float.NEGATIVE_INFINITY;
        cases.put(typed(r -> r.setInputs(1, r.getInputs(1).toBuilder().setContents(InferTensorContents.newBuilder()
                        .addAllFp32Contents(boxed(withInfinity))))),
                "inputs[1] 'c': value -Infinity at index 4 (row 0, column 4) is not finite");
        cases.put(InferRequests.typed("mnist-decoder", new Tensor("z", 2, 8, new float[15]), C).build(),
                "inputs[0] 'z': 15 values in contents.fp32_contents, expected 16 for shape [2, 8]");
        cases.put(typed(r -> r.setInputs(0, r.getInputs(0).toBuilder().clearContents())),
                "inputs[0] 'z': no data; expected 16 values for shape [2, 8] in contents.fp32_contents or raw_input_contents");
        cases.put(typed(r -> r.setInputs(0, r.getInputs(0).toBuilder().setContents(InferTensorContents.newBuilder()
                        .addAllInt64Contents(Collections.nCopies(16, 1L))))),
                "inputs[0] 'z': contents has 16 values outside fp32_contents; FP32 data goes in contents.fp32_contents");
        cases.put(raw(r -> r.addOutputs(InferRequestedOutputTensor.newBuilder().setName("mu"))),
                "outputs[0] 'mu': not an output of model mnist-decoder, which gives x_hat [-1, 784]");
        cases.put(raw(r -> r.addOutputs(InferRequestedOutputTensor.newBuilder().setName("x_hat"))
                        .addOutputs(InferRequestedOutputTensor.newBuilder().setName("x_hat"))),
                "outputs[1] 'x_hat': duplicate; outputs[0] already asks for it");
        assertAll(cases.entrySet().stream().map(c -> fails(c.getKey(), Status.Code.INVALID_ARGUMENT, c.getValue())));
    }

    @Test
    void theUnchangedRequestsOfTheCasesAboveAreValidInBothForms() {
        assertEquals(2, server.inference().modelInfer(raw(r -> r)).getOutputs(0).getShape(0));
        assertEquals(2, server.inference().modelInfer(typed(r -> r)).getOutputs(0).getShape(0));
    }

    private static List<Float> boxed(float[] values) {
        List<Float> list = new ArrayList<>();
        for (float v : values) list.add(v);
        return list;
    }
}
