package dev.cvae.server.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parsed content of a few small files (a token file, a certificate and its key), kept current without a
 * restart. A daemon thread reads the files every {@code interval} and compares their bytes with the last seen: a
 * change is parsed, and the new value is handed to {@code onChange} and swapped in, with a log line. A change that
 * does not parse (a half-written file, a key that does not match its certificate) is logged once, recorded as
 * {@link #problem()}, and the previous value keeps serving until the files change again. Comparing bytes rather
 * than modification times also catches a rewrite within the same second and a Kubernetes secret's symlink swap.
 *
 * <p>Lifecycle: {@link #start} parses the files once (a failure there is the caller's: nothing is running yet)
 * and starts polling; {@link #close} stops it. Thread-safe.
 *
 * @param <T> the parsed content
 */
public final class WatchedFiles<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WatchedFiles.class);

    /** Parses the files; throws with a message naming the file and the problem when they cannot be used. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse() throws IOException, IllegalArgumentException;
    }

    private final String what;
    private final List<Path> files;
    private final Parser<T> parser;
    private final Consumer<T> onChange;
    private final ScheduledExecutorService poller;
    private volatile T current;
    private volatile String problem;
    private byte[] seen; // touched only by the polling thread after start

    private WatchedFiles(String what, List<Path> files, Parser<T> parser, Consumer<T> onChange) {
        this.what = Objects.requireNonNull(what, "what");
        this.files = List.copyOf(files);
        this.parser = Objects.requireNonNull(parser, "parser");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "watch " + what);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Parses the files, hands the value to {@code onChange}, and polls them every {@code interval} from then on.
     *
     * @param what     what the files hold, for log lines ("bearer tokens")
     * @param onChange receives every value that is swapped in, the first included, before {@link #current()} shows it
     * @throws IOException              when a file cannot be read
     * @throws IllegalArgumentException when the files do not parse; the message names the file
     */
    public static <T> WatchedFiles<T> start(String what, List<Path> files, Duration interval, Parser<T> parser,
                                            Consumer<T> onChange) throws IOException {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be > 0, got " + interval);
        }
        WatchedFiles<T> watched = new WatchedFiles<>(what, files, parser, onChange);
        watched.seen = watched.digest();
        T first = parser.parse();
        onChange.accept(first);
        watched.current = first;
        long nanos = interval.toNanos();
        watched.poller.scheduleWithFixedDelay(watched::poll, nanos, nanos, TimeUnit.NANOSECONDS);
        return watched;
    }

    /** The value in use: the last one that parsed. */
    public T current() {
        return current;
    }

    /** Why the files' latest content is not in use, while it is not; empty once a change parses again. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private void poll() {
        try {
            byte[] now = digest();
            if (MessageDigest.isEqual(now, seen)) return;
            seen = now;
            T next = parser.parse();
            onChange.accept(next);
            current = next;
            problem = null;
            log.info("reloaded {} from {}", what, files);
        } catch (IOException | RuntimeException e) {
            problem = e.getMessage();
            log.warn("{}: {} changed but cannot be used, keeping the previous ones: {}", what, files, e.getMessage());
        }
    }

    /**
     * SHA-256 over every file's bytes, in order. A file that cannot be read (missing while it is replaced) counts
     * as the reason it cannot, so that the same failure is parsed and logged once, not at every poll.
     */
    private byte[] digest() {
        MessageDigest sha = sha256();
        for (Path f : files) {
            try {
                sha.update(Files.readAllBytes(f));
            } catch (IOException e) {
                sha.update(String.valueOf(e).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            sha.update((byte) 0);
        }
        return sha.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
