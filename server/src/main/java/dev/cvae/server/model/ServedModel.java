package dev.cvae.server.model;

import dev.cvae.server.batch.Batcher;
import java.util.concurrent.TimeUnit;

/**
 * A model being served: its descriptor and one batcher per network. Thread-safe; closed by the registry.
 */
public record ServedModel(ModelDescriptor descriptor, Batcher encoder, Batcher decoder) {

    public String name() {
        return descriptor.name();
    }

    public int latentDim() {
        return descriptor.latentDim();
    }

    public int conditionSize() {
        return descriptor.conditioning().size();
    }

    public ModelDescriptor.Image image() {
        return descriptor.image();
    }

    void close(long timeout, TimeUnit unit) throws InterruptedException {
        encoder.close(timeout, unit);
        decoder.close(timeout, unit);
    }
}
