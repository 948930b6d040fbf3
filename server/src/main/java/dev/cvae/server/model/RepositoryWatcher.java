package dev.cvae.server.model;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --watch}: looks at the model repository every interval and lets the registry load what is new or
 * changed and unload what is gone ({@link ModelRegistry#sync}), on its own thread, off the serving path.
 *
 * <p>Lifecycle: {@link #start} schedules it; {@link #close} stops it (a scan under way finishes). Thread-safe.
 */
public final class RepositoryWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RepositoryWatcher.class);

    private final ModelRegistry registry;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "repository-watcher");
        t.setDaemon(true);
        return t;
    });

    public RepositoryWatcher(ModelRegistry registry, Duration interval) {
        this.registry = Objects.requireNonNull(registry, "registry");
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("watch interval must be > 0, got " + interval);
        }
        this.interval = interval;
    }

    public RepositoryWatcher start() {
        timer.scheduleWithFixedDelay(this::scan, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.info("watching the model repository every {} ms", interval.toMillis());
        return this;
    }

    private void scan() {
        try {
            registry.sync();
        } catch (InvalidModelException | RuntimeException e) {
            log.warn("repository scan failed; what is served stays as it was: {}", e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(30, TimeUnit.SECONDS);
    }
}
