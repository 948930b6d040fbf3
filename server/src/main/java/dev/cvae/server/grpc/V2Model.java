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

    /** Every v2 model of the registry, sorted by name. */
    static List<V2Model> all(ModelRegistry registry) {
        List<V2Model> all = new ArrayList<>();
        for (ServedModel m : registry.all()) {
            for (Network n : Network.values()) all.add(new V2Model(m, n));
        }
        all.sort(Comparator.comparing(V2Model::name));
        return all;
    }

    static Optional<V2Model> lookup(ModelRegistry registry, String name) {
        return all(registry).stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * The v2 model of that name, at {@code version} when one is asked for (empty: the served one).
     *
     * @param field the request's name field, for the error when it is empty
     * @throws ModelNotFoundException naming the served models, or the served version
     */
    static V2Model find(ModelRegistry registry, String name, String version, String field) {
        if (name.isEmpty()) {
            throw new InvalidRequestException(field, "missing; served models: " + String.join(", ", names(registry)));
        }
        V2Model model = lookup(registry, name).orElseThrow(() -> new ModelNotFoundException(name, names(registry)));
        if (!model.serves(version)) throw new ModelNotFoundException(name, version, List.of(model.version()));
        return model;
    }

    static List<String> names(ModelRegistry registry) {
        return all(registry).stream().map(V2Model::name).toList();
    }

    String name() {
        return model.name() + "-" + network.role();
    }

    /** The version model.json gives, as cvae.v1 reports it. */
    String version() {
        return String.valueOf(model.descriptor().version());
    }

    /** True for the empty version (whatever is served) and for the served one. */
    boolean serves(String requested) {
        return requested.isEmpty() || requested.equals(version());
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
