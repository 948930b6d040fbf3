package dev.cvae.server.testing;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.batch.Batcher;
import dev.cvae.server.model.ModelDescriptor;
import dev.cvae.server.model.ModelMonitor;
import dev.cvae.server.model.ServedModel;
import dev.cvae.server.runtime.InferenceFunction.Port;
import java.util.List;
import java.util.Map;

/**
 * A tiny model (2x2 images, 2 classes, latent 2) whose networks are {@link GatedFunction}s, so tests can hold
 * inference and see exactly which rows ran.
 */
public final class FakeModel {
    public final GatedFunction encoderFn = new GatedFunction(List.of(new Port("x", 4), new Port("c", 2)),
            List.of(new Port("mu", 2), new Port("logvar", 2)), false);
    public final GatedFunction decoderFn;
    public final ServedModel model;

    public FakeModel(BatchPolicy policy, boolean decoderGateClosed) {
        this(policy, decoderGateClosed, ModelMonitor.NONE);
    }

    /** With {@code monitor} watching its batchers, as a loader's monitor would. */
    public FakeModel(BatchPolicy policy, boolean decoderGateClosed, ModelMonitor monitor) {
        decoderFn = new GatedFunction(List.of(new Port("z", 2), new Port("c", 2)), List.of(new Port("x_hat", 4)), decoderGateClosed);
        ModelDescriptor d = new ModelDescriptor(1, "fake", "1", new ModelDescriptor.Image(1, 2, 2), List.of("a", "b"),
                new ModelDescriptor.Conditioning("one-hot", 2), 2, Map.of());
        model = new ServedModel(d, new Batcher("fake/encoder", encoderFn, policy, monitor.network(d, ModelDescriptor.ENCODER)),
                new Batcher("fake/decoder", decoderFn, policy, monitor.network(d, ModelDescriptor.DECODER)));
        monitor.opened(model);
    }
}
