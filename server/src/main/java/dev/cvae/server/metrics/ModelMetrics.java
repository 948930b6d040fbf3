package dev.cvae.server.metrics;

import dev.cvae.server.batch.BatchObserver;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.batch.Batcher;
import dev.cvae.server.model.ModelDescriptor;
import dev.cvae.server.model.ModelMonitor;
import dev.cvae.server.model.ServedModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Meters for every model the loader opens: per network, the batcher's events ({@link NetworkMetrics}) and two
 * gauges read from the batcher (rows queued now, runs in flight); per model an info gauge whose labels carry
 * the version, image shape and latent size. Every series is labelled {@code model}, {@code version} and, where
 * it is about one network, {@code network}. Thread-safe.
 */
final class ModelMetrics implements ModelMonitor {
    private final MeterRegistry registry;
    private final Counter loadFailures;
    /** name@version -> the loaded instance whose batchers the gauges read; a reload in place takes them over. */
    private final Map<String, ServedModel> owners = new ConcurrentHashMap<>();

    ModelMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.loadFailures = Counter.builder("cvae.model.load.failures").baseUnit("loads")
                .description("Model directories refused at load or reload (bad files, failed test inference); what served before serves on")
                .register(registry);
    }

    @Override
    public BatchObserver network(ModelDescriptor model, String network) {
        return new NetworkMetrics(registry, tags(model, network));
    }

    @Override
    public void opened(ServedModel model) {
        ModelDescriptor d = model.descriptor();
        if (owners.put(key(model), model) != null) removeGauges(model); // reloaded in place: read the new batchers
        ModelDescriptor.Image image = d.image();
        BatchPolicy policy = model.decoder().policy();
        Gauge.builder("cvae.model.info", () -> 1)
                .description("A served model; its labels say which version, image shape, latent size and batching policy")
                .tags(Tags.of("model", d.name(), "version", version(d),
                        "image", image.channels() + "x" + image.height() + "x" + image.width(),
                        "latent_dim", Integer.toString(d.latentDim())))
                .tags("max_batch", Integer.toString(policy.maxBatch()),
                        "max_delay_us", Long.toString(policy.maxDelay().toNanos() / 1000),
                        "workers", Integer.toString(policy.workers()),
                        "max_queue_rows", Integer.toString(policy.maxQueueRows()))
                .register(registry);
        queueGauges(model.encoder(), tags(d, ModelDescriptor.ENCODER));
        queueGauges(model.decoder(), tags(d, ModelDescriptor.DECODER));
    }

    /** The version's series end with it, so a dashboard sees which versions serve now. */
    @Override
    public void closed(ServedModel model) {
        if (!owners.remove(key(model), model)) return; // a reload of the same version owns its series now
        for (Meter meter : List.copyOf(registry.getMeters())) {
            if (belongsTo(meter, model)) registry.remove(meter);
        }
    }

    private void removeGauges(ServedModel model) {
        for (Meter meter : List.copyOf(registry.getMeters())) {
            if (meter instanceof Gauge && belongsTo(meter, model)) registry.remove(meter);
        }
    }

    private static boolean belongsTo(Meter meter, ServedModel model) {
        return model.name().equals(meter.getId().getTag("model")) && model.version().equals(meter.getId().getTag("version"));
    }

    private static String key(ServedModel model) {
        return model.name() + "@" + model.version();
    }

    @Override
    public void loadFailed(Path dir, String reason) {
        loadFailures.increment();
    }

    private void queueGauges(Batcher batcher, Tags tags) {
        Gauge.builder("cvae.queue.rows", batcher, Batcher::queuedRows).baseUnit("rows")
                .description("Rows waiting in the queue now").tags(tags).register(registry);
        Gauge.builder("cvae.inference.in.flight", batcher, Batcher::runsInFlight).baseUnit("runs")
                .description("Inference runs executing now").tags(tags).register(registry);
    }

    private static Tags tags(ModelDescriptor d, String network) {
        return Tags.of("model", d.name(), "version", version(d), "network", network);
    }

    private static String version(ModelDescriptor d) {
        return d.version() == null ? "" : d.version();
    }
}
