package dev.cvae.bench.profile;

import java.time.Duration;

/**
 * The CPU time a loaded process and its load generator spent over one stretch of wall-clock time, from the
 * kernel's accounting of each process ({@link ProcessHandle.Info#totalCpuDuration()}, /proc on Linux): what both
 * sides of a closed loop cost, and so what they leave of the machine.
 */
public record CpuWindow(Duration wall, Duration server, Duration client) {
    public CpuWindow {
        if (wall.isZero() || wall.isNegative()) throw new IllegalArgumentException("wall must be > 0, got " + wall);
    }

    /** Both processes' CPU time at one instant. */
    public record Reading(long nanoTime, Duration server, Duration client) {
        public static Reading of(ProcessHandle server, ProcessHandle client) {
            return new Reading(System.nanoTime(), cpu(server), cpu(client));
        }

        private static Duration cpu(ProcessHandle process) {
            return process.info().totalCpuDuration().orElseThrow(
                    () -> new IllegalStateException("cannot read the CPU time of process " + process.pid() + " (alive: " + process.isAlive() + ")"));
        }
    }

    public static CpuWindow between(Reading start, Reading end) {
        return new CpuWindow(Duration.ofNanos(end.nanoTime() - start.nanoTime()), end.server().minus(start.server()), end.client().minus(start.client()));
    }

    /** Cores the server kept busy on average. */
    public double serverCores() {
        return cores(server);
    }

    /** Cores the load generator kept busy on average. */
    public double clientCores() {
        return cores(client);
    }

    /** What {@code cores} cores had left over both processes. */
    public double idleCores(int cores) {
        return Math.max(0, cores - serverCores() - clientCores());
    }

    /** The server's CPU time per request answered at {@code requestsPerSecond}, in microseconds. */
    public double serverMicrosPerRequest(double requestsPerSecond) {
        return microsPerRequest(server, requestsPerSecond);
    }

    /** The load generator's CPU time per request, in microseconds. */
    public double clientMicrosPerRequest(double requestsPerSecond) {
        return microsPerRequest(client, requestsPerSecond);
    }

    /** Both processes' CPU time per request, in microseconds. */
    public double bothMicrosPerRequest(double requestsPerSecond) {
        return microsPerRequest(server.plus(client), requestsPerSecond);
    }

    private double microsPerRequest(Duration cpu, double requestsPerSecond) {
        return cores(cpu) * 1e6 / requestsPerSecond;
    }

    private double cores(Duration cpu) {
        return (double) cpu.toNanos() / wall.toNanos();
    }
}
