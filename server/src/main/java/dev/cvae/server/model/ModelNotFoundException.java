package dev.cvae.server.model;

import java.util.List;

/** A request named a model, or a version of one, that is not served. */
public final class ModelNotFoundException extends RuntimeException {
    public ModelNotFoundException(String name, List<String> served) {
        super("model '" + name + "' is not served; served models: " + String.join(", ", served));
    }

    public ModelNotFoundException(String name, String version, List<String> servedVersions) {
        super("model '" + name + "' has no version '" + version + "'; served versions: " + String.join(", ", servedVersions));
    }
}
