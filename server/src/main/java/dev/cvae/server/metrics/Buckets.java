package dev.cvae.server.metrics;

import java.time.Duration;

/**
 * The histogram buckets every latency and size histogram uses, so that dashboards can compare them: latencies
 * from 50 microseconds (a small inference run) to 10 seconds (a large request under load), rows from 1 to 1024.
 */
final class Buckets {
    static final Duration[] LATENCY = {
            Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
            Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    static final double[] ROWS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    private Buckets() {
    }
}
