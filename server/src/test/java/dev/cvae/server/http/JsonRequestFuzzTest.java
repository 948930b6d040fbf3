package dev.cvae.server.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.inference.Failure;
import dev.cvae.server.inference.ImageFormat;
import dev.cvae.server.inference.InvalidRequestException;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.CheckedCommands;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of the explorer's edge: random bytes read as a JSON body and mapped as the HTTP adapter
 * does, as a generate, encode or interpolate request (the first byte picks which), against the bundled models.
 * Whatever the bytes, the outcome is a command that fits its model, or a failure the adapter answers 400 or 404
 * with a short message naming the field; anything else (a 500, an Error) is a finding.
 *
 * <p>{@code ./mvnw verify} runs the saved inputs under {@code JsonRequestFuzzTestInputs/}; {@code scripts/fuzz.sh}
 * fuzzes (README, "Fuzzing").
 */
class JsonRequestFuzzTest {
    private static final int MAX_ROWS = 64;
    private static ModelRegistry registry;
    private static JsonRequests requests;

    @BeforeAll
    static void open() throws Exception {
        registry = BundledModels.registry(new BatchPolicy(MAX_ROWS, Duration.ofMillis(1), 4096, 1));
        requests = new JsonRequests(registry, MAX_ROWS);
    }

    @AfterAll
    static void close() throws Exception {
        registry.close();
    }

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"\"model\"", "\"mnist-2d\"", "\"condition\"", "\"label_name\"", "\"class_index\"", "\"attributes\"",
            "\"vector\"", "\"count\"", "\"seed\"", "\"latents\"", "\"image\"", "\"data\"", "\"start\"", "\"end\"", "\"steps\"",
            "\"path\"", "\"SPHERICAL\"", "\"latent\"", "\"reconstruct\"", "iVBORw0KGgo"})
    void jsonBodiesBecomeCommandsOrInvalidArguments(byte[] bytes) {
        if (bytes.length == 0) return;
        byte[] body = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        try {
            JsonNode json = JsonRequests.parse(body);
            switch (Math.floorMod(bytes[0], 3)) {
                case 0 -> CheckedCommands.check(requests.generate(json, ""), MAX_ROWS);
                case 1 -> CheckedCommands.check(requests.encode(json, ""));
                default -> CheckedCommands.check(requests.interpolate(json, ImageFormat.PNG, ""), MAX_ROWS);
            }
        } catch (RuntimeException e) {
            Failure f = Failure.of(e);
            int status = Replies.statusOf(f.kind());
            if (status != 400 && status != 404) throw e;
            assertTrue(f.message() != null && !f.message().isBlank(), () -> "an error without a message: " + e);
            assertTrue(f.message().length() <= Failure.MAX_MESSAGE, () -> f.message().length() + " characters");
            if (e instanceof InvalidRequestException invalid) assertTrue(!invalid.field().isBlank(), f.message());
        }
    }
}
