package dev.cvae.trainer.model;

import java.util.List;

/**
 * One step of a network definition. Activations between layers travel flattened as [N, size] except inside a
 * convolutional stack, where they are feature maps [N, C, H, W]; {@link ReshapeSpec} moves between the two.
 * The SameDiff graph and the ONNX export both interpret these records, so adding a kind of layer means
 * teaching both.
 */
public sealed interface Layer permits DenseLayerSpec, ConvLayerSpec, ReshapeSpec {
    String name();

    /** Elements per example going in. */
    int inSize();

    /** Elements per example coming out. */
    int outSize();

    /** What is applied to the layer's result; IDENTITY for linear layers and reshapes. */
    Activation activation();

    /** Name of the layer's weight parameter (dense and conv layers). */
    default String weightName() {
        return name() + "_W";
    }

    /** Name of the layer's bias parameter (dense and conv layers). */
    default String biasName() {
        return name() + "_b";
    }

    /** The layer's trainable parameters, in the order they are initialised. */
    List<ParamSpec> params();
}
