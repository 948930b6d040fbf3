package dev.cvae.server.model;

import dev.cvae.server.batch.BatchObserver;

/**
 * Watches the models a {@link ModelLoader} opens: it hands each network's batcher an observer before the batcher
 * exists, and hears of each model once it is ready to serve (to watch its queues). Metrics implement it; the
 * loader needs nothing from it. Thread-safe implementations only: models may load on any thread.
 */
public interface ModelMonitor {
    /** Watches nothing. */
    ModelMonitor NONE = new ModelMonitor() {
    };

    /** The observer for one network ({@link ModelDescriptor#ENCODER} or {@link ModelDescriptor#DECODER}) of a model. */
    default BatchObserver network(ModelDescriptor model, String network) {
        return BatchObserver.NONE;
    }

    /** The model's batchers exist and it is about to serve. */
    default void opened(ServedModel model) {
    }

    /** A version drained and closed: its series end. */
    default void closed(ServedModel model) {
    }

    /** Both monitors, {@code first} then {@code second}. */
    static ModelMonitor both(ModelMonitor first, ModelMonitor second) {
        if (second == NONE) return first;
        if (first == NONE) return second;
        return new ModelMonitor() {
            @Override
            public BatchObserver network(ModelDescriptor model, String network) {
                return BatchObserver.both(first.network(model, network), second.network(model, network));
            }

            @Override
            public void opened(ServedModel model) {
                first.opened(model);
                second.opened(model);
            }

            @Override
            public void closed(ServedModel model) {
                first.closed(model);
                second.closed(model);
            }

            @Override
            public void loadFailed(java.nio.file.Path dir, String reason) {
                first.loadFailed(dir, reason);
                second.loadFailed(dir, reason);
            }
        };
    }

    /** A model directory was refused (bad files, failed test inference, a duplicate); the old version, if any, serves on. */
    default void loadFailed(java.nio.file.Path dir, String reason) {
    }
}
