package dev.cvae.server.model;

import dev.cvae.server.batch.BatchObserver;
import dev.cvae.server.batch.Batcher;
import dev.cvae.server.runtime.InferenceFunction.Port;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each model version can run inference: after {@code maxFailures} inference runs in a row fail (of
 * either network), the model is unhealthy, so that health reports NOT_SERVING and load balancers send its
 * traffic elsewhere. While it is unhealthy a probe (one row of zeros through each network) runs every
 * {@code probeInterval}; one successful run, probe or request, makes it healthy again. Requests are still
 * accepted meanwhile: each failure is answered INTERNAL, never dropped.
 *
 * <p>Listeners hear (model, healthy) on every change. Thread-safe.
 */
public final class ModelHealth implements ModelMonitor {
    private static final Logger log = LoggerFactory.getLogger(ModelHealth.class);

    private final int maxFailures;
    private final Duration probeInterval;
    private final Map<String, Tracker> trackers = new ConcurrentHashMap<>();
    private final Set<String> unhealthy = ConcurrentHashMap.newKeySet();
    private final CopyOnWriteArrayList<BiConsumer<ServedModel, Boolean>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "model-prober");
        t.setDaemon(true);
        return t;
    });

    public ModelHealth(int maxFailures, Duration probeInterval) {
        if (maxFailures < 1) throw new IllegalArgumentException("maxFailures must be >= 1, got " + maxFailures);
        this.maxFailures = maxFailures;
        this.probeInterval = Objects.requireNonNull(probeInterval, "probeInterval");
    }

    public void onChange(BiConsumer<ServedModel, Boolean> listener) {
        listeners.add(listener);
    }

    /** False while the recent runs of one of the version's networks failed; versions never seen are healthy. */
    public boolean healthy(ServedModel model) {
        String prefix = key(model.name(), model.version()) + "/";
        return unhealthy.stream().noneMatch(k -> k.startsWith(prefix));
    }

    private static String key(String name, String version) {
        return name + "@" + version;
    }

    /** Counts consecutive failures of one network of a model version. */
    private final class Tracker implements BatchObserver {
        final String key;
        final String network;
        final AtomicInteger failures = new AtomicInteger();
        volatile ServedModel model;

        Tracker(String key, String network) {
            this.key = key;
            this.network = network;
        }

        @Override
        public void batchRan(int rows, long oldestWaitNanos, long runNanos) {
            failures.set(0);
            ServedModel m = model;
            if (m != null && unhealthy.remove(key) && healthy(m)) {
                log.info("model '{}' version {} runs again: SERVING", m.name(), m.version());
                listeners.forEach(l -> l.accept(m, true));
            }
        }

        @Override
        public void batchFailed() {
            ServedModel m = model;
            if (failures.incrementAndGet() >= maxFailures && m != null && unhealthy.add(key)) {
                log.warn("model '{}' version {}: {} runs of the {} failed in a row; NOT_SERVING until a probe succeeds",
                        m.name(), m.version(), failures.get(), network);
                listeners.forEach(l -> l.accept(m, false));
                prober.schedule(() -> probe(m), probeInterval.toNanos(), TimeUnit.NANOSECONDS);
            }
        }
    }

    @Override
    public BatchObserver network(ModelDescriptor model, String network) {
        String key = key(model.name(), model.version()) + "/" + network;
        return trackers.computeIfAbsent(key, k -> new Tracker(k, network));
    }

    /** A new load of a version (also of one reloaded in place, whose trackers it takes over) starts healthy. */
    @Override
    public void opened(ServedModel model) {
        for (Network n : Network.values()) {
            Tracker t = trackers.get(key(model.name(), model.version()) + "/" + n.role());
            if (t != null) {
                t.model = model;
                t.failures.set(0);
            }
        }
        String prefix = key(model.name(), model.version()) + "/";
        if (unhealthy.removeIf(k -> k.startsWith(prefix))) listeners.forEach(l -> l.accept(model, true));
    }

    /** Forgets the version's trackers, unless a reload of the same version has taken them over. */
    @Override
    public void closed(ServedModel model) {
        trackers.values().removeIf(t -> {
            if (t.model != model) return false;
            unhealthy.remove(t.key);
            return true;
        });
    }

    /** One row of zeros through each network; success heals a network (through its tracker), failure probes again later. */
    private void probe(ServedModel model) {
        if (healthy(model) || !model.tryAcquire()) return; // healed, or drained: nothing to probe
        try {
            for (Network network : Network.values()) {
                Batcher batcher = network.batcher(model);
                Map<String, float[]> zeros = new HashMap<>();
                for (Port port : batcher.inputs()) zeros.put(port.name(), new float[port.width()]);
                try {
                    batcher.submit(zeros, 1, Long.MAX_VALUE).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    log.debug("probe of model '{}' failed: {}", model.name(), e.toString());
                }
            }
        } finally {
            model.release();
        }
        if (!healthy(model)) prober.schedule(() -> probe(model), probeInterval.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Stops probing. */
    public void close() {
        prober.shutdownNow();
    }
}
