package dev.cvae.trainer.model;

/** Element-wise activations used by the networks; each maps to one SameDiff op and one ONNX op. */
public enum Activation {
    IDENTITY(null),
    RELU("Relu"),
    SIGMOID("Sigmoid");

    private final String onnxOp;

    Activation(String onnxOp) {
        this.onnxOp = onnxOp;
    }

    /** The ONNX operator, or null for the identity. */
    public String onnxOp() {
        return onnxOp;
    }
}
