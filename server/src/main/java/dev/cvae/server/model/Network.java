package dev.cvae.server.model;

import dev.cvae.server.batch.Batcher;

/**
 * The two networks of a CVAE model, for callers that pick one by value rather than by method: the encoder
 * (x, c -> mu, logvar) and the decoder (z, c -> x_hat). Each runs through its own batcher of the model.
 */
public enum Network {
    ENCODER(ModelDescriptor.ENCODER),
    DECODER(ModelDescriptor.DECODER);

    private final String role;

    Network(String role) {
        this.role = role;
    }

    /** The network's key in model.json ("encoder", "decoder"). */
    public String role() {
        return role;
    }

    /** This network's batcher of {@code model}. */
    public Batcher batcher(ServedModel model) {
        return this == ENCODER ? model.encoder() : model.decoder();
    }
}
