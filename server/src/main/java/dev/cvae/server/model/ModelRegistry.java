package dev.cvae.server.model;

import dev.cvae.server.model.ModelRepository.Candidate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The served models: names to their served versions, swapped atomically. Requests resolve a name (and
 * optionally a version) to a {@link ServedModel}; a request that names no version gets the latest served one.
 *
 * <p>{@link #sync} brings the registry in line with the repository: versions the {@link VersionPolicy} selects
 * and that are new or whose files changed are loaded (checked, and run once) off the serving path, then swapped
 * in; versions that are no longer selected or whose directory is gone drain (requests in flight finish on them)
 * and close. A version that fails to load is logged and reported, and whatever served before keeps serving.
 * {@link #unload} and {@link #load(String)} do the same on an operator's command.
 *
 * <p>Thread-safe: lookups read an immutable snapshot; changes are serialised.
 */
public final class ModelRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistry.class);

    /** What the repository holds and what became of it, for {@code RepositoryIndex}. */
    public record Entry(String name, String version, String path, boolean served, String reason) {
    }

    private final ModelRepository repository;
    private final ModelLoader loader;
    private final VersionPolicy policy;
    private final String preferredDefault;
    private final ExecutorService closer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "model-closer");
        t.setDaemon(true);
        return t;
    });
    private final Object changes = new Object();
    private final List<Consumer<ModelRegistry>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** name -> version -> model; replaced whole, never changed in place. */
    private volatile Map<String, NavigableMap<String, ServedModel>> served = Map.of();
    // guarded by changes
    private final Map<Path, Loaded> loaded = new LinkedHashMap<>();
    private final Map<Path, Failure> failed = new LinkedHashMap<>();
    private final List<ServedModel> replaced = new ArrayList<>();
    private final Set<String> unloaded = new HashSet<>();
    private volatile List<Entry> index = List.of();
    private boolean closed;

    /** A loaded version and the directory fingerprint it was loaded from. */
    private record Loaded(ServedModel model, String fingerprint) {
    }

    /** Why a directory is not served, and the fingerprint it had then: it is tried again only once it changes. */
    private record Failure(String fingerprint, String reason) {
    }

    private ModelRegistry(ModelRepository repository, ModelLoader loader, VersionPolicy policy, String preferredDefault) {
        this.repository = repository;
        this.loader = loader;
        this.policy = policy;
        this.preferredDefault = preferredDefault;
    }

    /**
     * Loads what the repository holds under the policy.
     *
     * @param preferredDefault the model for requests that name none, when it is served; otherwise the first by name
     * @throws InvalidModelException when no valid model is found
     */
    public static ModelRegistry load(Path modelsDir, ModelLoader loader, String preferredDefault) throws InvalidModelException {
        return load(modelsDir, loader, VersionPolicy.LATEST, preferredDefault);
    }

    public static ModelRegistry load(Path modelsDir, ModelLoader loader, VersionPolicy policy, String preferredDefault)
            throws InvalidModelException {
        ModelRegistry registry = new ModelRegistry(new ModelRepository(modelsDir), loader, policy, preferredDefault);
        registry.sync();
        if (registry.served.isEmpty()) {
            registry.closeQuietly();
            throw new InvalidModelException(modelsDir + ": no valid model directory");
        }
        return registry;
    }

    /** A registry of already opened models, without a repository (tests, embedding): {@link #sync} does nothing. */
    public static ModelRegistry of(List<ServedModel> models, String defaultModel) {
        ModelRegistry registry = new ModelRegistry(null, null, VersionPolicy.LATEST, defaultModel);
        Map<String, NavigableMap<String, ServedModel>> map = new TreeMap<>();
        for (ServedModel m : models) map.computeIfAbsent(m.name(), n -> new TreeMap<>(VersionPolicy.ORDER)).put(m.version(), m);
        if (!map.containsKey(defaultModel)) throw new IllegalArgumentException("default model " + defaultModel + " is not served");
        registry.served = freeze(map);
        return registry;
    }

    /** Told after every change of what is served (health, logs). */
    public void onChange(Consumer<ModelRegistry> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public VersionPolicy policy() {
        return policy;
    }

    /** The model for requests that name none: the preferred one while it is served, else the first by name. */
    public String defaultModel() {
        Map<String, NavigableMap<String, ServedModel>> now = served;
        if (now.containsKey(preferredDefault) || now.isEmpty()) return preferredDefault;
        return now.keySet().iterator().next();
    }

    /** The latest served version of the model of that name; empty means the default model. */
    public ServedModel get(String name) {
        return get(name, "");
    }

    /**
     * @param version empty: the latest served version
     * @throws ModelNotFoundException naming what is served
     */
    public ServedModel get(String name, String version) {
        Map<String, NavigableMap<String, ServedModel>> now = served;
        String key = name == null || name.isEmpty() ? defaultModel() : name;
        NavigableMap<String, ServedModel> versions = now.get(key);
        if (versions == null) throw new ModelNotFoundException(key, List.copyOf(now.keySet()));
        if (version == null || version.isEmpty()) return versions.lastEntry().getValue();
        ServedModel model = versions.get(version);
        if (model == null) throw new ModelNotFoundException(key, version, List.copyOf(versions.keySet()));
        return model;
    }

    /** Served model names, sorted. */
    public List<String> names() {
        return List.copyOf(served.keySet());
    }

    /** Whether some version of the model is served: a lookup, no copy (request paths ask it). */
    public boolean serves(String name) {
        return served.containsKey(name);
    }

    /** The served versions of a model, oldest first (empty when it is not served). */
    public List<String> versions(String name) {
        NavigableMap<String, ServedModel> versions = served.get(name);
        return versions == null ? List.of() : List.copyOf(versions.keySet());
    }

    /** Every served version of every model, by name then version. */
    public Collection<ServedModel> all() {
        List<ServedModel> all = new ArrayList<>();
        for (NavigableMap<String, ServedModel> versions : served.values()) all.addAll(versions.values());
        return all;
    }

    /** The latest served version of each model, by name. */
    public Collection<ServedModel> latest() {
        List<ServedModel> latest = new ArrayList<>();
        for (NavigableMap<String, ServedModel> versions : served.values()) latest.add(versions.lastEntry().getValue());
        return latest;
    }

    /** Every version the last scan found, served or not, and why not. */
    public List<Entry> index() {
        return index;
    }

    /**
     * Brings what is served in line with the repository (see the class comment); a no-op without a repository.
     * Errors of single directories are logged and reported, never thrown.
     *
     * @throws InvalidModelException when the repository itself cannot be read
     */
    public void sync() throws InvalidModelException {
        if (repository == null) return;
        synchronized (changes) {
            if (closed) return;
            List<Candidate> candidates = repository.scan();
            Map<String, Map<String, Candidate>> byName = new TreeMap<>();
            List<Entry> entries = new ArrayList<>();
            for (Candidate c : candidates) {
                ModelDescriptor d;
                try {
                    d = loader.describe(c.dir(), c.versionDir());
                } catch (InvalidModelException e) {
                    reportFailure(c, e.getMessage());
                    entries.add(new Entry("", c.versionDir() == null ? "" : c.versionDir(), c.relative(repository.root()), false, e.getMessage()));
                    continue;
                }
                Candidate twin = byName.computeIfAbsent(d.name(), n -> new TreeMap<>(VersionPolicy.ORDER)).putIfAbsent(d.version(), c);
                if (twin != null) {
                    String why = "model '" + d.name() + "' version " + d.version() + " is already in " + twin.relative(repository.root());
                    reportFailure(c, why);
                    entries.add(new Entry(d.name(), d.version(), c.relative(repository.root()), false, why));
                }
            }
            Map<String, NavigableMap<String, ServedModel>> next = new TreeMap<>();
            Set<Path> keep = new HashSet<>();
            for (Map.Entry<String, Map<String, Candidate>> model : byName.entrySet()) {
                String name = model.getKey();
                Map<String, Candidate> byVersion = model.getValue();
                List<String> preferred = unloaded.contains(name) ? List.of() : policy.candidates(new ArrayList<>(byVersion.keySet()));
                int servedVersions = 0;
                for (String version : preferred) {
                    if (servedVersions >= policy.wanted()) break;
                    Candidate c = byVersion.get(version);
                    String rel = c.relative(repository.root());
                    ServedModel m = loadIfChanged(c);
                    if (m == null) {
                        Loaded old = loaded.get(c.dir());
                        Failure why = failed.get(c.dir());
                        entries.add(new Entry(name, version, rel, old != null, why == null ? "failed to load" : why.reason()));
                        if (old == null) continue; // the next candidate may serve instead
                        m = old.model(); // a bad new copy of a served version: the old one keeps serving
                    } else {
                        entries.add(new Entry(name, version, rel, true, ""));
                    }
                    keep.add(c.dir());
                    next.computeIfAbsent(name, n -> new TreeMap<>(VersionPolicy.ORDER)).put(version, m);
                    servedVersions++;
                }
                for (Map.Entry<String, Candidate> v : byVersion.entrySet()) {
                    if (keep.contains(v.getValue().dir()) || entries.stream().anyMatch(e -> e.path().equals(v.getValue().relative(repository.root())))) {
                        continue;
                    }
                    entries.add(new Entry(name, v.getKey(), v.getValue().relative(repository.root()), false,
                            unloaded.contains(name) ? "unloaded by an operator" : "not selected by the version policy " + policy));
                }
            }
            swap(next, keep);
            index = List.copyOf(entries);
        }
    }

    /** The loaded model of the candidate: the one already serving if its files did not change, else a new load. */
    private ServedModel loadIfChanged(Candidate c) {
        Loaded current = loaded.get(c.dir());
        if (current != null && current.fingerprint().equals(c.fingerprint()) && current.model().state() == ServedModel.State.READY) {
            return current.model();
        }
        Failure previous = failed.get(c.dir());
        if (previous != null && previous.fingerprint().equals(c.fingerprint())) return null; // unchanged since it failed
        try {
            ServedModel m = loader.load(c.dir(), c.versionDir());
            failed.remove(c.dir());
            log.info("{} model '{}' version {} from {} (max batch {}, max delay {} us, workers {}, max queue {})",
                    current == null ? "serving" : "reloaded", m.name(), m.version(), c.dir(), m.decoder().policy().maxBatch(),
                    m.decoder().policy().maxDelay().toNanos() / 1000, m.decoder().policy().workers(), m.decoder().policy().maxQueueRows());
            if (current != null) replaced.add(current.model()); // retired once the new one is published
            loaded.put(c.dir(), new Loaded(m, c.fingerprint()));
            return m;
        } catch (InvalidModelException e) {
            reportFailure(c, e.getMessage());
            return null;
        }
    }

    private void reportFailure(Candidate c, String reason) {
        Failure now = new Failure(c.fingerprint(), reason);
        if (!now.equals(failed.put(c.dir(), now))) {
            log.warn("refusing model directory {}: {}{}", c.dir(), reason,
                    loaded.containsKey(c.dir()) ? " (the version loaded before keeps serving)" : "");
            loader.monitor().loadFailed(c.dir(), reason);
        }
    }

    /** Publishes the new map, then drains what is no longer in it. */
    private void swap(Map<String, NavigableMap<String, ServedModel>> next, Set<Path> keep) {
        Map<String, NavigableMap<String, ServedModel>> before = served;
        served = freeze(next);
        replaced.forEach(this::retire);
        replaced.clear();
        List<Path> gone = new ArrayList<>();
        for (Map.Entry<Path, Loaded> e : loaded.entrySet()) if (!keep.contains(e.getKey())) gone.add(e.getKey());
        for (Path dir : gone) {
            ServedModel m = loaded.remove(dir).model();
            log.info("unloading model '{}' version {} ({}); requests in flight finish on it", m.name(), m.version(), dir);
            retire(m);
        }
        if (!before.equals(served)) listeners.forEach(l -> l.accept(this));
    }

    private void retire(ServedModel model) {
        model.drain(closer, () -> loader.monitor().closed(model));
    }

    /**
     * Stops serving a model: its versions drain and close, and it stays unloaded (also for {@link #sync}) until
     * {@link #load(String)}. Returns the versions unloaded.
     */
    public List<String> unload(String name) throws InvalidModelException {
        synchronized (changes) {
            List<String> versions = versions(name);
            if (versions.isEmpty() && (repository == null || !index.stream().anyMatch(e -> e.name().equals(name)))) {
                throw new ModelNotFoundException(name, names());
            }
            unloaded.add(name);
            sync();
            return versions;
        }
    }

    /** Loads (or reloads) a model's versions from the repository now; returns the versions served after it. */
    public List<String> load(String name) throws InvalidModelException {
        synchronized (changes) {
            unloaded.remove(name);
            sync();
            List<String> versions = versions(name);
            if (versions.isEmpty()) {
                String why = index.stream().filter(e -> e.name().equals(name)).map(Entry::reason).filter(r -> !r.isEmpty())
                        .findFirst().orElse("no directory in the repository holds it");
                throw new InvalidModelException("model '" + name + "' could not be loaded: " + why);
            }
            return versions;
        }
    }

    private static Map<String, NavigableMap<String, ServedModel>> freeze(Map<String, NavigableMap<String, ServedModel>> map) {
        Map<String, NavigableMap<String, ServedModel>> frozen = new TreeMap<>();
        map.forEach((name, versions) -> frozen.put(name, Collections.unmodifiableNavigableMap(new TreeMap<>(versions))));
        return Collections.unmodifiableMap(frozen);
    }

    /** Lets queued work finish, then frees every model. */
    public void close(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        synchronized (changes) {
            closed = true;
            for (ServedModel model : all()) model.close(left(end), TimeUnit.NANOSECONDS);
            for (Loaded l : loaded.values()) {
                if (l.model().state() != ServedModel.State.CLOSED) l.model().close(left(end), TimeUnit.NANOSECONDS);
            }
            served = Map.of();
        }
        closer.shutdown();
        closer.awaitTermination(left(end), TimeUnit.NANOSECONDS);
    }

    /** Nanoseconds to the deadline, at least one: every close gets what is left of one timeout, not a fresh one. */
    private static long left(long end) {
        return Math.max(1, end - System.nanoTime());
    }

    private void closeQuietly() {
        try {
            close(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        close(30, TimeUnit.SECONDS);
    }
}
