package dev.cvae.server.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.testing.BundledModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing of {@code model.json} reading: random bytes written as a model directory's model.json,
 * then read and checked as the loader does (the descriptor, then its {@code serving} section over the server's
 * batching defaults). Whatever the bytes, the outcome is a descriptor whose sizes add up, or an
 * {@link InvalidModelException} naming the file; anything else is a finding.
 *
 * <p>{@code ./mvnw verify} runs the saved inputs under {@code ModelDescriptorFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes it (README, "Fuzzing").
 */
class ModelDescriptorFuzzTest {
    private static Path dir;
    private static ModelLoader loader;

    @BeforeAll
    static void open() throws IOException {
        dir = Files.createTempDirectory("model-json-fuzz");
        loader = BundledModels.loader(new BatchPolicy(64, Duration.ofMillis(1), 4096, 1));
    }

    @AfterAll
    static void close() throws IOException {
        Files.deleteIfExists(dir.resolve("model.json"));
        Files.deleteIfExists(dir);
    }

    @FuzzTest(maxDuration = "10s")
    @DictionaryEntries({"\"formatVersion\"", "\"name\"", "\"image\"", "\"channels\"", "\"height\"", "\"width\"",
            "\"labelNames\"", "\"conditioning\"", "\"kind\"", "\"size\"", "\"attributes\"", "\"type\"", "\"values\"",
            "\"min\"", "\"max\"", "\"latentDim\"", "\"networks\"", "\"encoder\"", "\"decoder\"", "\"file\"", "\"sha256\"",
            "\"serving\"", "\"maxBatch\"", "\"maxDelayUs\"", "\"workers\"", "\"maxQueueRows\"", "\"one-hot\"",
            "\"multi-attribute\"", "\"binary\"", "\"scalar\"", "\"categorical\"", "null"})
    void modelJsonBytesBecomeADescriptorOrAnInvalidModel(byte[] bytes) {
        Path json = dir.resolve("model.json");
        try {
            Files.write(json, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            ModelDescriptor d = ModelLoader.readDescriptor(dir);
            loader.policyFor(d, json);
            ModelDescriptor.Image image = d.image();
            assertEquals((long) image.channels() * image.height() * image.width(), image.pixels(), "pixels overflow: " + image);
            int width = d.attributes().stream().mapToInt(ModelDescriptor.Attribute::width).sum();
            assertEquals(d.conditioning().size(), width, "attribute slots");
            assertTrue(d.networks().get(ModelDescriptor.ENCODER) != null && d.networks().get(ModelDescriptor.DECODER) != null);
        } catch (InvalidModelException e) {
            assertTrue(e.getMessage().startsWith(json.toString()) || e.getMessage().startsWith(dir.toString()), e.getMessage());
        }
    }
}
