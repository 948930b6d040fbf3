package dev.cvae.server.inference;

import dev.cvae.server.model.ServedModel;
import java.util.function.Supplier;
import java.util.function.BiFunction;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a request on a model version it holds from start to end ({@link ServedModel#tryAcquire}), so that a
 * version swapped out by a reload drains only after the requests that started on it finish. A request that
 * resolved a version just as it began to drain is mapped again and gets the version that replaced it. Every
 * adapter (gRPC, HTTP) runs its requests through it. Stateless.
 */
public final class HeldModel {
    /** More than one retry means versions are swapped faster than a request can be mapped: give up then. */
    private static final int ATTEMPTS = 3;

    private HeldModel() {
    }

    /**
     * @param map   validates the request and resolves its model version (may throw the request's error)
     * @param model the version a command runs on
     * @param work  the operation
     */
    public static <C, R> Mono<R> run(Supplier<C> map, Function<C, ServedModel> model, Function<C, Mono<R>> work) {
        return Mono.defer(() -> held(map, model, (command, release) -> work.apply(command).doFinally(signal -> release.run())));
    }

    /** The same for an operation of many answers. */
    public static <C, R> Flux<R> runMany(Supplier<C> map, Function<C, ServedModel> model, Function<C, Flux<R>> work) {
        return Flux.defer(() -> held(map, model, (command, release) -> work.apply(command).doFinally(signal -> release.run())));
    }

    /** Builds the work on a held version; {@code build} must see that {@code release} runs when the work ends. */
    private static <C, P> P held(Supplier<C> map, Function<C, ServedModel> model, BiFunction<C, Runnable, P> build) {
        C command = hold(map, model);
        ServedModel version = model.apply(command);
        try {
            return build.apply(command, version::release);
        } catch (RuntimeException e) {
            version.release();
            throw e;
        }
    }

    /** Maps the request until its version can be held; the caller releases it. */
    private static <C> C hold(Supplier<C> map, Function<C, ServedModel> model) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            C command = map.get();
            if (model.apply(command).tryAcquire()) return command;
        }
        throw ModelVersionChangingException.INSTANCE;
    }

    /** The model's versions changed under the request several times in a row: the caller may retry (UNAVAILABLE). */
    public static final class ModelVersionChangingException extends RuntimeException {
        static final ModelVersionChangingException INSTANCE = new ModelVersionChangingException();

        private ModelVersionChangingException() {
            super("the model's served version changed while the request was being mapped; try again", null, false, false);
        }
    }
}
