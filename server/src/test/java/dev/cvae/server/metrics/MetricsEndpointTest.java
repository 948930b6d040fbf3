package dev.cvae.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.api.inference.GRPCInferenceServiceGrpc;
import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.ReactorCvaeServiceGrpc;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.api.v1.StreamResponse;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.testing.Await;
import dev.cvae.server.testing.InferRequests;
import dev.cvae.server.testing.MeteredServer;
import dev.cvae.server.testing.PrometheusText;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * {@code /metrics} of a real server on loopback after known traffic: per gRPC method and status, per CVAE
 * operation (unary and streamed), per model network (rows and batch sizes), and the JVM's and process's series.
 */
class MetricsEndpointTest {
    private static final String[] MNIST_DECODER = {"model", "mnist", "network", "decoder"};

    @Test
    void countsCallsOperationsRowsAndBatchSizesAfterKnownTraffic() throws Exception {
        try (MeteredServer s = new MeteredServer(new BatchPolicy(64, Duration.ofMillis(1), 1024, 1))) {
            var blocking = CvaeServiceGrpc.newBlockingStub(s.channel);

            GenerateResponse five = blocking.generate(generate("3", 5));
            PrometheusText first = s.scrape();
            assertEquals(1, first.value("cvae_batch_size_rows_count", MNIST_DECODER));
            assertEquals(5, first.value("cvae_batch_size_rows_sum", MNIST_DECODER));
            assertEquals(0, bucket(first, "4.0"));
            assertEquals(1, bucket(first, "8.0"));
            assertEquals(1, bucket(first, "+Inf"));

            blocking.generate(generate("1", 1));
            blocking.generate(generate("2", 1));
            StatusRuntimeException bad = assertThrows(StatusRuntimeException.class, () -> blocking.generate(generate("eleven", 1)));
            assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
            blocking.encode(EncodeRequest.newBuilder().setImage(five.getImages(0).getImage()).setCondition(label("3")).build());
            List<StreamResponse> answers = ReactorCvaeServiceGrpc.newReactorStub(s.channel).stream(Flux.just(
                    StreamRequest.newBuilder().setId("a").setGenerate(generate("4", 1)).build(),
                    StreamRequest.newBuilder().setId("b").setGenerate(generate("5", 1)).build(),
                    StreamRequest.newBuilder().setId("bad").setGenerate(generate("twelve", 1)).build()))
                    .collectList().block(Duration.ofSeconds(30));
            assertEquals(3, answers.size());
            GRPCInferenceServiceGrpc.newBlockingStub(s.channel).modelInfer(InferRequests.raw("mnist-decoder",
                    new InferRequests.Tensor("z", 2, 8, new float[16]), new InferRequests.Tensor("c", 2, 10, InferRequests.oneHot(2, 10, 6))).build());

            String[] streamOk = {"method", "Stream", "statusCode", "OK"};
            Await.until("the stream's end is counted", () -> scrapeQuietly(s).valueOrZero("grpc_server_processing_duration_seconds_count", streamOk) == 1);
            PrometheusText text = s.scrape();

            // per gRPC method: calls started, messages, and finished calls by status code
            assertEquals(4, text.value("grpc_server_calls_started_total", "method", "Generate"));
            assertEquals(1, text.value("grpc_server_calls_started_total", "method", "Stream", "methodType", "BIDI_STREAMING"));
            assertEquals(3, text.value("grpc_server_processing_duration_seconds_count", "method", "Generate", "statusCode", "OK"));
            assertEquals(1, text.value("grpc_server_processing_duration_seconds_count", "method", "Generate", "statusCode", "INVALID_ARGUMENT"));
            assertEquals(1, text.value("grpc_server_processing_duration_seconds_count", "method", "Encode", "statusCode", "OK"));
            assertEquals(3, text.value("grpc_server_requests_received_messages_total", "method", "Stream"));
            assertEquals(3, text.value("grpc_server_responses_sent_messages_total", "method", "Stream"));
            assertEquals("histogram", text.type("grpc_server_processing_duration_seconds"));

            // per CVAE operation, unary and streamed alike
            assertEquals(5, text.value("cvae_requests_seconds_count", "operation", "generate", "model", "mnist", "status", "OK"));
            assertEquals(2, text.value("cvae_requests_seconds_count", "operation", "generate", "model", "mnist", "status", "INVALID_ARGUMENT"));
            assertEquals(1, text.value("cvae_requests_seconds_count", "operation", "encode", "model", "mnist", "status", "OK"));
            assertEquals(1, text.value("cvae_requests_seconds_count", "operation", "infer", "model", "mnist-decoder", "status", "OK"));
            assertEquals(1, text.value("grpc_server_calls_started_total", "service", "inference.GRPCInferenceService", "method", "ModelInfer"));

            // per model network: every row that ran (the Open Inference Protocol's too), and nothing dropped
            assertEquals(11, text.value("cvae_batch_size_rows_sum", MNIST_DECODER));
            assertEquals(1, text.value("cvae_batch_size_rows_sum", "model", "mnist", "network", "encoder"));
            assertEquals(0, text.value("cvae_batch_rejected_rows_total", MNIST_DECODER));
            assertEquals(0, text.value("cvae_queue_rows", MNIST_DECODER));
            assertEquals(text.value("cvae_batch_size_rows_count", MNIST_DECODER), text.value("cvae_inference_seconds_count", MNIST_DECODER));
            assertFalse(text.find("cvae_model_info", "model", "fashion-mnist-conv").isEmpty());

            // JVM and process
            assertFalse(text.find("jvm_memory_used_bytes", "area", "heap").isEmpty());
            assertFalse(text.find("jvm_gc_pause_seconds_count").isEmpty() && text.find("jvm_gc_memory_allocated_bytes_total").isEmpty());
            assertTrue(text.value("jvm_threads_live_threads") > 0);
            assertTrue(text.value("process_uptime_seconds") > 0);
            assertFalse(text.find("process_cpu_usage").isEmpty());
        }
    }

    @Test
    void servesTheTextFormatAtMetricsOnlyAndOnlyForGet() throws Exception {
        try (MeteredServer s = new MeteredServer(new BatchPolicy(64, Duration.ofMillis(1), 1024, 1))) {
            HttpResponse<String> ok = s.get("/metrics");
            assertEquals(200, ok.statusCode());
            assertEquals("text/plain; version=0.0.4; charset=utf-8", ok.headers().firstValue("Content-Type").orElseThrow());
            PrometheusText.parse(ok.body());

            HttpResponse<String> missing = s.get("/nothing");
            assertEquals(404, missing.statusCode());
            assertTrue(missing.body().contains("/metrics"), missing.body());

            HttpResponse<String> post = HttpClient.newHttpClient().send(HttpRequest.newBuilder(s.metricsUri())
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElseThrow());
        }
    }

    private static PrometheusText scrapeQuietly(MeteredServer s) {
        try {
            return s.scrape();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static double bucket(PrometheusText text, String le) {
        return text.value("cvae_batch_size_rows_bucket", "model", "mnist", "network", "decoder", "le", le);
    }

    private static GenerateRequest generate(String label, int count) {
        return GenerateRequest.newBuilder().setCondition(label(label)).setCount(count).setSeed(7).build();
    }

    private static Condition label(String name) {
        return Condition.newBuilder().setLabelName(name).build();
    }
}
