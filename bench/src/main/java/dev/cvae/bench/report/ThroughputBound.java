package dev.cvae.bench.report;

/**
 * What a machine allows a server that must do, for every request, what the echo service and its load generator
 * do, plus inference and PNG encoding: with every core busy and nothing spent on anything else (batching,
 * hand-offs, building answers), at most {@code cores x 10^6 / (stack + inference + png)} requests per second.
 * An upper bound, not a forecast: a closed loop may leave cores idle, as the echo's does.
 *
 * @param stackMicros     core-microseconds per request of the echo's process and its load generator together
 * @param inferenceMicros core-microseconds per request of the runtime, as the server ran it
 * @param pngMicros       core-microseconds per request of PNG encoding
 */
public record ThroughputBound(int cores, double stackMicros, double inferenceMicros, double pngMicros) {
    public ThroughputBound {
        if (cores < 1) throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        if (!(stackMicros > 0)) throw new IllegalArgumentException("stackMicros must be > 0, got " + stackMicros);
        if (inferenceMicros < 0 || pngMicros < 0) {
            throw new IllegalArgumentException("inference and PNG must be >= 0, got " + inferenceMicros + " and " + pngMicros);
        }
    }

    /** Core-microseconds one request costs at the least, both processes together. */
    public double micros() {
        return stackMicros + inferenceMicros + pngMicros;
    }

    /** The most requests per second the cores can answer. */
    public double requestsPerSecond() {
        return cores * 1e6 / micros();
    }

    /** The core-microseconds per request, both processes together, that a rate of {@code requestsPerSecond} leaves. */
    public double budgetMicrosAt(double requestsPerSecond) {
        return cores * 1e6 / requestsPerSecond;
    }
}
