package dev.cvae.server.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.ListModelsRequest;
import dev.cvae.api.v1.ModelInfo;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.InProcessServer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generate's sampling temperature over the bundled mnist model: the prior N(0, T^2 I), its range, its default. */
class SamplingTemperatureTest {
    static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        ModelRegistry registry = BundledModels.registry(new BatchPolicy(64, Duration.ofMillis(1), 4096, 1));
        server = new InProcessServer(registry, 1024);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static GenerateRequest.Builder threes() {
        return GenerateRequest.newBuilder().setModel("mnist").setCondition(Condition.newBuilder().setLabelName("3")).setCount(4).setSeed(99);
    }

    @Test
    void aTemperatureScalesTheSeedsLatentsAndChangesTheImages() {
        GenerateResponse prior = server.blocking().generate(threes().build());
        GenerateResponse cooled = server.blocking().generate(threes().setTemperature(0.5f).build());
        for (int i = 0; i < 4; i++) {
            var z = prior.getImages(i).getLatentList();
            var half = cooled.getImages(i).getLatentList();
            assertEquals(8, half.size());
            for (int k = 0; k < z.size(); k++) assertEquals(z.get(k) * 0.5f, half.get(k), 0f, "image " + i + ", z[" + k + "]");
            assertNotEquals(prior.getImages(i).getImage().getData(), cooled.getImages(i).getImage().getData());
        }
        assertEquals(prior.getImages(0).getLatentList(), server.blocking().generate(threes().setTemperature(1f).build()).getImages(0).getLatentList(),
                "without a temperature the model's default, 1, applies");
    }

    @Test
    void aTemperatureOutsideItsRangeIsRefusedNamingTheFieldAndTheValue() {
        for (float t : new float[] {0f, -1f, 2.5f, Float.NaN, Float.POSITIVE_INFINITY}) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> server.blocking().generate(threes().setTemperature(t).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            String message = e.getStatus().getDescription();
            assertTrue(message.startsWith("temperature: " + t + " is not a sampling temperature; expected a number in (0, 2]"), message);
        }
    }

    @Test
    void listModelsShowsEachModelsDefaultTemperature() {
        for (ModelInfo m : server.blocking().listModels(ListModelsRequest.getDefaultInstance()).getModelsList()) {
            assertEquals(1f, m.getDefaultTemperature(), m.getName() + " has no serving.temperature");
        }
    }
}
