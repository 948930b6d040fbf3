package dev.cvae.server.model;

import dev.cvae.server.batch.Batcher;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One version of a model being served: its descriptor and one batcher per network, which own the ONNX Runtime
 * sessions. It is the unit of the model lifecycle: READY while it takes requests, DRAINING once the registry has
 * swapped it out or unloaded it (requests that hold it finish; new ones go elsewhere), CLOSED when the last of
 * them has finished and its batchers and sessions are closed.
 *
 * <p>A request holds the version from {@link #tryAcquire} to {@link #release}, so that draining never cuts work
 * in flight: an operation that needs two runs (encode then decode) finishes on the version it started on.
 * Thread-safe.
 */
public final class ServedModel {
    private static final Logger log = LoggerFactory.getLogger(ServedModel.class);

    /** Where a version is in its life. */
    public enum State { READY, DRAINING, CLOSED }

    private final ModelDescriptor descriptor;
    private final Path directory;
    private final Batcher encoder;
    private final Batcher decoder;
    private final Object lifecycle = new Object();
    private final AtomicInteger holders = new AtomicInteger();
    private volatile State state = State.READY;
    private Runnable onClosed = () -> { };
    private Executor closer = Runnable::run;

    /** A version opened from no directory (tests, embedding). */
    public ServedModel(ModelDescriptor descriptor, Batcher encoder, Batcher decoder) {
        this(descriptor, null, encoder, decoder);
    }

    /** @param directory the version's directory (model.json, the networks, the training report), or null */
    public ServedModel(ModelDescriptor descriptor, Path directory, Batcher encoder, Batcher decoder) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.directory = directory;
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    public ModelDescriptor descriptor() {
        return descriptor;
    }

    /** The directory the version was loaded from, when it came from one. */
    public Optional<Path> directory() {
        return Optional.ofNullable(directory);
    }

    public Batcher encoder() {
        return encoder;
    }

    public Batcher decoder() {
        return decoder;
    }

    public String name() {
        return descriptor.name();
    }

    /** The version as served: the version directory's name, or model.json's version for a flat directory. */
    public String version() {
        return descriptor.version() == null ? "" : descriptor.version();
    }

    public int latentDim() {
        return descriptor.latentDim();
    }

    /** The sampling temperature of generate requests that give none (model.json's serving.temperature, else 1). */
    public float defaultTemperature() {
        return descriptor.defaultTemperature();
    }

    public int conditionSize() {
        return descriptor.conditioning().size();
    }

    public ModelDescriptor.Image image() {
        return descriptor.image();
    }

    public State state() {
        return state;
    }

    /** Requests holding this version now. */
    public int holders() {
        return holders.get();
    }

    /**
     * Holds the version for one request. False once it drains: the caller resolves the model again and gets the
     * version that replaced it.
     */
    public boolean tryAcquire() {
        holders.incrementAndGet();
        if (state == State.READY) return true;
        release();
        return false;
    }

    /** Ends a hold taken by {@link #tryAcquire}; the last one out of a draining version closes it. */
    public void release() {
        if (holders.decrementAndGet() == 0 && state == State.DRAINING) closeWhenIdle();
    }

    /**
     * Stops taking requests; closes the batchers and sessions on {@code closer} once the requests holding the
     * version have finished (at once if none does), never on a request's own thread (which may be one of the
     * batchers'). {@code onClosed} runs after that, once.
     */
    void drain(Executor closer, Runnable onClosed) {
        synchronized (lifecycle) {
            if (state != State.READY) return;
            this.closer = closer;
            this.onClosed = onClosed;
            state = State.DRAINING;
        }
        if (holders.get() == 0) closeWhenIdle();
    }

    private void closeWhenIdle() {
        synchronized (lifecycle) {
            if (state != State.DRAINING || holders.get() != 0) return;
            state = State.CLOSED;
        }
        closer.execute(() -> {
            try {
                closeBatchers(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.info("model '{}' version {} drained and closed", name(), version());
            onClosed.run();
        });
    }

    /** Lets queued work finish, then closes both batchers and their sessions (shutdown, or a model never served). */
    void close(long timeout, TimeUnit unit) throws InterruptedException {
        synchronized (lifecycle) {
            state = State.CLOSED;
        }
        closeBatchers(timeout, unit);
    }

    private void closeBatchers(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        encoder.close(timeout, unit);
        decoder.close(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
}
