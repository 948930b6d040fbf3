package dev.cvae.server.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The served models, loaded once at start from the sub-directories of a models directory. A directory that
 * fails its checks is reported by name and skipped; the registry refuses to start only when no model is left.
 *
 * <p>Immutable after {@link #load}; thread-safe.
 */
public final class ModelRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    private final Map<String, ServedModel> models;
    private final String defaultModel;

    private ModelRegistry(Map<String, ServedModel> models, String defaultModel) {
        this.models = models;
        this.defaultModel = defaultModel;
    }

    /**
     * @param preferredDefault the model for requests that name none, when it is served; otherwise the first by name
     * @throws InvalidModelException when no valid model is found
     */
    public static ModelRegistry load(Path modelsDir, ModelLoader loader, String preferredDefault) throws InvalidModelException {
        if (!Files.isDirectory(modelsDir)) throw new InvalidModelException(modelsDir + ": not a directory");
        List<Path> dirs;
        try (Stream<Path> s = Files.list(modelsDir)) {
            dirs = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new InvalidModelException(modelsDir + ": cannot list: " + e.getMessage(), e);
        }
        Map<String, ServedModel> models = new LinkedHashMap<>();
        for (Path dir : dirs) {
            try {
                ServedModel model = loader.load(dir);
                if (models.containsKey(model.name())) {
                    log.warn("skipping {}: model name '{}' is already served from another directory", dir, model.name());
                    model.close(1, TimeUnit.SECONDS);
                    continue;
                }
                models.put(model.name(), model);
                var p = model.decoder().policy();
                log.info("serving model '{}' version {} from {} (max batch {}, max delay {} us, workers {}, max queue {})",
                        model.name(), model.descriptor().version(), dir, p.maxBatch(), p.maxDelay().toNanos() / 1000,
                        p.workers(), p.maxQueueRows());
            } catch (InvalidModelException e) {
                log.warn("skipping model directory: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InvalidModelException("interrupted while loading models", e);
            }
        }
        if (models.isEmpty()) throw new InvalidModelException(modelsDir + ": no valid model directory");
        String def = preferredDefault != null && models.containsKey(preferredDefault)
                ? preferredDefault : models.keySet().iterator().next();
        return of(models, def);
    }

    /** Builds a registry from already opened models (tests, embedding). */
    public static ModelRegistry of(List<ServedModel> served, String defaultModel) {
        Map<String, ServedModel> models = new LinkedHashMap<>();
        served.forEach(m -> models.put(m.name(), m));
        return of(models, defaultModel);
    }

    private static ModelRegistry of(Map<String, ServedModel> models, String defaultModel) {
        if (!models.containsKey(defaultModel)) throw new IllegalArgumentException("default model " + defaultModel + " is not served");
        return new ModelRegistry(Map.copyOf(models), defaultModel);
    }

    public String defaultModel() {
        return defaultModel;
    }

    /** The model of that name; empty means the default. */
    public ServedModel get(String name) {
        String key = name == null || name.isEmpty() ? defaultModel : name;
        ServedModel model = models.get(key);
        if (model == null) throw new ModelNotFoundException(key, names());
        return model;
    }

    public List<String> names() {
        return models.keySet().stream().sorted().toList();
    }

    public Collection<ServedModel> all() {
        List<ServedModel> list = new ArrayList<>(models.values());
        list.sort(java.util.Comparator.comparing(ServedModel::name));
        return list;
    }

    /** Lets queued work finish, then frees the models. */
    public void close(long timeout, TimeUnit unit) throws InterruptedException {
        for (ServedModel model : models.values()) model.close(timeout, unit);
    }

    @Override
    public void close() throws InterruptedException {
        close(30, TimeUnit.SECONDS);
    }
}
