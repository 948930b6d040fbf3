package dev.cvae.server.grpc;

import dev.cvae.api.v1.LoadModelRequest;
import dev.cvae.api.v1.LoadModelResponse;
import dev.cvae.api.v1.ReactorModelRepositoryServiceGrpc;
import dev.cvae.api.v1.RepositoryEntry;
import dev.cvae.api.v1.RepositoryIndexRequest;
import dev.cvae.api.v1.RepositoryIndexResponse;
import dev.cvae.api.v1.UnloadModelRequest;
import dev.cvae.api.v1.UnloadModelResponse;
import dev.cvae.server.inference.InvalidRequestException;
import dev.cvae.server.model.InvalidModelException;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.security.Caller;
import dev.cvae.server.security.Right;
import io.grpc.Status;
import java.util.Objects;
import java.util.concurrent.Callable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code cvae.v1.ModelRepositoryService}: what the repository holds, and loading or unloading a model on an
 * operator's command; with bearer tokens, loading and unloading need a token with the admin right. Loading reads files and opens sessions, so it runs on a scheduler for blocking work, never
 * on gRPC's threads. Thread-safe.
 */
public final class ModelRepositoryGrpcService extends ReactorModelRepositoryServiceGrpc.ModelRepositoryServiceImplBase {
    private final ModelRegistry registry;

    public ModelRepositoryGrpcService(ModelRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Mono<RepositoryIndexResponse> repositoryIndex(Mono<RepositoryIndexRequest> request) {
        return request.map(r -> {
            RepositoryIndexResponse.Builder b = RepositoryIndexResponse.newBuilder();
            for (ModelRegistry.Entry e : registry.index()) {
                b.addModels(RepositoryEntry.newBuilder().setName(e.name()).setVersion(e.version()).setPath(e.path())
                        .setState(e.served() ? "READY" : "UNAVAILABLE").setReason(e.reason()));
            }
            return b.build();
        });
    }

    @Override
    public Mono<LoadModelResponse> loadModel(Mono<LoadModelRequest> request) {
        return request.flatMap(r -> {
            Caller.requireIfAuthenticated(Right.ADMIN);
            return blocking(() -> LoadModelResponse.newBuilder().addAllVersions(registry.load(name(r.getName()))).build());
        });
    }

    @Override
    public Mono<UnloadModelResponse> unloadModel(Mono<UnloadModelRequest> request) {
        return request.flatMap(r -> {
            Caller.requireIfAuthenticated(Right.ADMIN);
            return blocking(() -> UnloadModelResponse.newBuilder().addAllVersions(registry.unload(name(r.getName()))).build());
        });
    }

    /** A registry change off gRPC's threads; a model that cannot be loaded is FAILED_PRECONDITION with the reason. */
    private static <T> Mono<T> blocking(Callable<T> change) {
        return Mono.fromCallable(() -> {
            try {
                return change.call();
            } catch (InvalidModelException e) {
                throw Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asRuntimeException();
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static String name(String name) {
        if (name.isBlank()) throw new InvalidRequestException("name", "missing; name a model of the repository");
        return name;
    }

    @Override
    protected Throwable onErrorMap(Throwable throwable) {
        return ErrorMapper.toException(throwable);
    }
}
