package dev.cvae.server.grpc;

import dev.cvae.server.inference.InvalidRequestException;
import dev.cvae.server.model.ModelNotFoundException;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.model.Network;
import dev.cvae.server.model.ServedModel;
import dev.cvae.server.runtime.InferenceFunction.Port;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One network of a served CVAE model as the Open Inference Protocol sees it: model {@code M} is served as the
 * two v2 models {@code M-encoder} (x, c -> mu, logvar) and {@code M-decoder} (z, c -> x_hat). Its tensors are
 * the ports of that network's batcher, so their names, widths and order are the network's own. Immutable.
 */
record V2Model(ServedModel model, Network network) {
    V2Model {
        if (model == null) throw new IllegalArgumentException("model must be given");
        if (network == null) throw new IllegalArgumentException("network must be given");
    }

    /** The v2 models of the latest served version of every model, sorted by name. */
    static List<V2Model> all(ModelRegistry registry) {
        List<V2Model> all = new ArrayList<>();
        for (ServedModel m : registry.latest()) {
            for (Network n : Network.values()) all.add(new V2Model(m, n));
        }
        all.sort(Comparator.comparing(V2Model::name));
        return all;
    }

    /** The v2 model of that name at the latest served version, if it is served. */
    static Optional<V2Model> lookup(ModelRegistry registry, String name) {
        for (Network n : Network.values()) {
            String suffix = "-" + n.role();
            if (!name.endsWith(suffix) || name.length() == suffix.length()) continue;
            String base = name.substring(0, name.length() - suffix.length());
            if (registry.serves(base)) return Optional.of(new V2Model(registry.get(base), n));
        }
        return Optional.empty();
    }

    /**
     * The v2 model of that name, at {@code version} when one is asked for (empty: the latest served one).
     *
     * @param field the request's name field, for the error when it is empty
     * @throws ModelNotFoundException naming the served models, or the served versions
     */
    static V2Model find(ModelRegistry registry, String name, String version, String field) {
        if (name.isEmpty()) {
            throw new InvalidRequestException(field, "missing; served models: " + String.join(", ", names(registry)));
        }
        V2Model latest = lookup(registry, name).orElseThrow(() -> new ModelNotFoundException(name, names(registry)));
        if (version.isEmpty() || version.equals(latest.version())) return latest;
        List<String> served = latest.versions(registry);
        if (!served.contains(version)) throw new ModelNotFoundException(name, version, served);
        return new V2Model(registry.get(latest.model().name(), version), latest.network());
    }

    static List<String> names(ModelRegistry registry) {
        return all(registry).stream().map(V2Model::name).toList();
    }

    /** Every served version of the model, oldest first. */
    List<String> versions(ModelRegistry registry) {
        return registry.versions(model.name());
    }

    String name() {
        return model.name() + "-" + network.role();
    }

    /** The version of this model that answers, as cvae.v1 reports it. */
    String version() {
        return model.version();
    }

    List<Port> inputs() {
        return network.batcher(model).inputs();
    }

    List<Port> outputs() {
        return network.batcher(model).outputs();
    }

    /** "z [-1, 8], c [-1, 10]": ports as a message shows them. */
    static String describe(List<Port> ports) {
        return String.join(", ", ports.stream().map(p -> p.name() + " [-1, " + p.width() + "]").toList());
    }
}
