package dev.cvae.bench.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The processes one benchmark run started (servers, clients, the trainer): each is stopped by whoever started it,
 * and whatever is still alive when the run ends, or when the benchmark itself is interrupted (a shutdown hook), is
 * stopped too. Nothing else is ever signalled. Output goes to log files, never to pipes that could fill up.
 *
 * <p>Thread-safe.
 */
public final class ChildProcesses implements AutoCloseable {
    /** How long a process may take to exit on SIGTERM before it is killed. */
    private static final long GRACE_SECONDS = 20;

    private final Object lock = new Object();
    private final List<Process> running = new ArrayList<>();
    private final Thread hook = new Thread(this::stopAll, "stop-benchmark-processes");

    public ChildProcesses() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts {@code command} in {@code directory} with its standard output to {@code stdout} and its standard error to
     * {@code stderr} (files, created or truncated).
     */
    public Process start(List<String> command, Path directory, Map<String, String> environment, Path stdout, Path stderr)
            throws IOException {
        Files.createDirectories(stdout.toAbsolutePath().getParent());
        Files.createDirectories(stderr.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().putAll(environment);
        synchronized (lock) {
            Process process = builder.start();
            process.getOutputStream().close();
            running.add(process);
            return process;
        }
    }

    /** SIGTERM, then SIGKILL after the grace period; returns the exit code. */
    public int stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            running.remove(process);
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Waits up to {@code timeoutSeconds} for the process to end by itself, then stops it; returns the exit code. */
    public int await(Process process, long timeoutSeconds) throws InterruptedException {
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            stop(process);
            throw new IllegalStateException("process " + process.pid() + " did not finish within " + timeoutSeconds + " s; stopped it");
        }
        synchronized (lock) {
            running.remove(process);
        }
        return process.exitValue();
    }

    private void stopAll() {
        List<Process> left;
        synchronized (lock) {
            left = List.copyOf(running);
        }
        left.forEach(this::stop);
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook is running
        }
    }
}
