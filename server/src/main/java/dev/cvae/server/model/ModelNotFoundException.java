package dev.cvae.server.model;

import java.util.List;

/** A request named a model that is not served. */
public final class ModelNotFoundException extends RuntimeException {
    public ModelNotFoundException(String name, List<String> served) {
        super("model '" + name + "' is not served; served models: " + String.join(", ", served));
    }
}
