package dev.cvae.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.batch.Batcher;
import dev.cvae.server.batch.QueueFullException;
import dev.cvae.server.model.ModelDescriptor;
import dev.cvae.server.model.ModelMonitor;
import dev.cvae.server.model.ServedModel;
import dev.cvae.server.testing.Await;
import dev.cvae.server.testing.GatedFunction;
import dev.cvae.server.testing.PrometheusText;
import dev.cvae.server.runtime.InferenceFunction.Port;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batcher's events and queues as Prometheus series, labelled by model, version and network. */
class ModelMetricsTest {
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    private static final String[] DECODER = {"model", "fake", "version", "7", "network", "decoder"};

    private final ServerMetrics metrics = ServerMetrics.prometheus();
    private final GatedFunction decoderFn = new GatedFunction(List.of(new Port("z", 2), new Port("c", 2)), List.of(new Port("x_hat", 4)), true);
    private final GatedFunction encoderFn = new GatedFunction(List.of(new Port("x", 4), new Port("c", 2)),
            List.of(new Port("mu", 2), new Port("logvar", 2)), false);
    private ServedModel model;

    private ServedModel open(BatchPolicy policy) {
        ModelDescriptor d = new ModelDescriptor(1, "fake", "7", new ModelDescriptor.Image(1, 2, 2), List.of("a", "b"),
                new ModelDescriptor.Conditioning("one-hot", 2), 2, Map.of());
        ModelMonitor monitor = metrics.models();
        model = new ServedModel(d,
                new Batcher("fake/encoder", encoderFn, policy, monitor.network(d, ModelDescriptor.ENCODER)),
                new Batcher("fake/decoder", decoderFn, policy, monitor.network(d, ModelDescriptor.DECODER)));
        monitor.opened(model);
        return model;
    }

    @AfterEach
    void close() throws InterruptedException {
        decoderFn.open();
        if (model != null) {
            model.encoder().close();
            model.decoder().close();
        }
        metrics.close();
    }

    private PrometheusText scrape() {
        return PrometheusText.parse(metrics.scrape());
    }

    private static Map<String, float[]> rows(int n) {
        return Map.of("z", new float[n * 2], "c", new float[n * 2]);
    }

    @Test
    void queuedRowsRunsInFlightAndRejectedRowsAreVisibleWhileTheRunnerIsBusy() throws Exception {
        Batcher decoder = open(new BatchPolicy(4, Duration.ZERO, 6, 1)).decoder();
        CompletableFuture<?> first = decoder.submit(rows(1), 1, NO_DEADLINE);
        decoderFn.awaitFirstRun();
        CompletableFuture<?> waiting = decoder.submit(rows(5), 5, NO_DEADLINE);
        assertThrows(QueueFullException.class, () -> decoder.submit(rows(2), 2, NO_DEADLINE));

        PrometheusText busy = scrape();
        assertEquals(5, busy.value("cvae_queue_rows", DECODER));
        assertEquals(1, busy.value("cvae_inference_in_flight_runs", DECODER));
        assertEquals(2, busy.value("cvae_batch_rejected_rows_total", DECODER));
        assertEquals("gauge", busy.type("cvae_queue_rows"));

        decoderFn.open();
        first.get();
        waiting.get();
        // a run's requests are answered just before the run counts itself finished
        Await.until("no run is in flight", () -> scrape().value("cvae_inference_in_flight_runs", DECODER) == 0);
        PrometheusText done = scrape();
        assertEquals(0, done.value("cvae_queue_rows", DECODER));
        // runs of 1, 4 and 1 rows (the 5-row request split at the maximum batch of 4)
        assertEquals(3, done.value("cvae_batch_size_rows_count", DECODER));
        assertEquals(6, done.value("cvae_batch_size_rows_sum", DECODER));
        assertEquals(2, cumulative(done, "cvae_batch_size_rows_bucket", "1.0"));
        assertEquals(2, cumulative(done, "cvae_batch_size_rows_bucket", "2.0"));
        assertEquals(3, cumulative(done, "cvae_batch_size_rows_bucket", "4.0"));
        assertEquals(3, done.value("cvae_inference_seconds_count", DECODER));
        // one observation per request part: the first request, and the two parts of the second
        assertEquals(3, done.value("cvae_queue_wait_seconds_count", DECODER));
        assertEquals("histogram", done.type("cvae_queue_wait_seconds"));
    }

    @Test
    void cancelledExpiredAndFailedWorkIsCountedPerNetwork() throws Exception {
        Batcher decoder = open(new BatchPolicy(4, Duration.ZERO, 100, 1)).decoder();
        CompletableFuture<?> holding = decoder.submit(rows(1), 1, NO_DEADLINE);
        decoderFn.awaitFirstRun();
        decoder.submit(rows(3), 3, NO_DEADLINE).cancel(true);
        CompletableFuture<?> late = decoder.submit(rows(2), 2, System.nanoTime() - 1);
        decoderFn.failWith(new IllegalStateException("injected"));
        decoderFn.open();
        assertThrows(Exception.class, holding::get);
        assertThrows(Exception.class, late::get);
        Await.until("the cancelled rows are counted", () -> scrape().valueOrZero("cvae_batch_cancelled_rows_total", DECODER) == 3);

        PrometheusText text = scrape();
        assertEquals(2, text.value("cvae_batch_expired_rows_total", DECODER));
        assertEquals(1, text.value("cvae_inference_failures_runs_total", DECODER));
        assertEquals(0, text.value("cvae_batch_rejected_rows_total", DECODER));
        assertEquals(0, text.value("cvae_batch_cancelled_rows_total", "model", "fake", "network", "encoder"));
    }

    @Test
    void everyServedModelHasAnInfoSeriesWithItsVersion() {
        open(new BatchPolicy(4, Duration.ZERO, 100, 1));
        PrometheusText text = scrape();
        assertEquals(1, text.value("cvae_model_info", "model", "fake", "version", "7", "image", "1x2x2", "latent_dim", "2"));
        assertEquals(0, text.value("cvae_queue_rows", "model", "fake", "network", "encoder"));
    }

    /** The cumulative count of the decoder's histogram bucket with that upper bound. */
    private static double cumulative(PrometheusText text, String bucket, String le) {
        return text.value(bucket, "model", "fake", "network", "decoder", "le", le);
    }
}
