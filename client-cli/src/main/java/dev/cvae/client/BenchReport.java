package dev.cvae.client;

import java.util.Map;

/** The outcome of a load run; printed as text or, with --json, as JSON. */
record BenchReport(String target, String mode, String imageFormat, int concurrency, double targetRate, double seconds, long requests,
                   long images, double requestsPerSecond, double imagesPerSecond, Latency latencyMillis,
                   Map<String, Long> errors) {
    record Latency(double p50, double p90, double p99, double p999, double max, double mean) {
    }
}
