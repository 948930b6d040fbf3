package dev.cvae.server.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.testing.BundledModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each model directory is checked at start; bad ones are reported by name and skipped. */
class ModelRegistryTest {
    private static final BatchPolicy POLICY = new BatchPolicy(8, Duration.ZERO, 64, 1);

    @TempDir
    Path models;

    private Path copyOfMnist(String name) throws IOException {
        Path dir = Files.createDirectory(models.resolve(name));
        for (String f : List.of("model.json", "encoder.onnx", "decoder.onnx")) {
            Files.copy(BundledModels.MNIST.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    private static void rename(Path dir, String name) throws IOException {
        Path json = dir.resolve("model.json");
        Files.writeString(json, Files.readString(json).replaceFirst("\"name\" : \"mnist\"", "\"name\" : \"" + name + "\""));
    }

    private InvalidModelException loadFails(Path dir) {
        return assertThrows(InvalidModelException.class, () -> BundledModels.loader(POLICY).load(dir));
    }

    @Test
    void badDirectoriesAreSkippedAndTheGoodOnesServed() throws Exception {
        copyOfMnist("good");
        Path tampered = copyOfMnist("tampered");
        rename(tampered, "tampered");
        Files.write(tampered.resolve("decoder.onnx"), new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        Files.createDirectory(models.resolve("empty"));
        try (ModelRegistry registry = ModelRegistry.load(models, BundledModels.loader(POLICY), "absent")) {
            assertEquals(List.of("mnist"), registry.names());
            assertEquals("mnist", registry.defaultModel(), "falls back to the first model by name");
        }
    }

    private static void serving(Path dir, String section) throws IOException {
        Path json = dir.resolve("model.json");
        String text = Files.readString(json).strip();
        Files.writeString(json, text.substring(0, text.length() - 1) + ", \"serving\" : " + section + "}");
    }

    @Test
    void aModelsServingSectionOverridesTheServersBatchingDefaults() throws Exception {
        Path dir = copyOfMnist("tuned");
        serving(dir, "{\"maxBatch\": 128, \"maxDelayUs\": 500, \"workers\": 2}");
        ServedModel model = BundledModels.loader(POLICY).load(dir);
        try {
            assertEquals(new BatchPolicy(128, Duration.ofNanos(500_000), POLICY.maxQueueRows(), 2), model.decoder().policy());
            assertEquals(model.decoder().policy(), model.encoder().policy());
        } finally {
            model.close(5, java.util.concurrent.TimeUnit.SECONDS);
        }
    }

    @Test
    void aBadServingSectionNamesTheFieldAndTheModelIsSkipped() throws Exception {
        Path dir = copyOfMnist("bad-serving");
        serving(dir, "{\"maxBatch\": 0}");
        assertTrue(loadFails(dir).getMessage().endsWith("model.json: serving.maxBatch must be >= 1, got 0"), loadFails(dir).getMessage());
        serving(copyOfMnist("bad-delay"), "{\"maxDelayUs\": -5}");
        assertTrue(loadFails(models.resolve("bad-delay")).getMessage().endsWith("serving.maxDelayUs must be >= 0, got -5"));
    }

    @Test
    void aModelsServingTemperatureIsTheDefaultOfItsGenerateRequests() throws Exception {
        Path dir = copyOfMnist("cooled");
        serving(dir, "{\"temperature\": 0.7}");
        ServedModel model = BundledModels.loader(POLICY).load(dir);
        try {
            assertEquals(0.7f, model.defaultTemperature());
            assertEquals(POLICY, model.decoder().policy(), "a temperature alone leaves the batching defaults");
        } finally {
            model.close(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        serving(copyOfMnist("too-hot"), "{\"temperature\": 0}");
        String message = loadFails(models.resolve("too-hot")).getMessage();
        assertTrue(message.endsWith("model.json: serving.temperature must be in (0, 2], got 0.0"), message);
    }

    @Test
    void aChecksumMismatchNamesTheFile() throws Exception {
        Path dir = copyOfMnist("m");
        Files.write(dir.resolve("encoder.onnx"), new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        InvalidModelException e = loadFails(dir);
        assertTrue(e.getMessage().startsWith(dir.resolve("encoder.onnx") + ": SHA-256 is "), e.getMessage());
        assertTrue(e.getMessage().contains("but model.json records"), e.getMessage());
    }

    @Test
    void aMissingOrBrokenModelJsonIsReported() throws Exception {
        Path dir = copyOfMnist("m");
        Files.writeString(dir.resolve("model.json"), "{ not json", StandardCharsets.UTF_8);
        assertTrue(loadFails(dir).getMessage().contains("model.json: not valid JSON for a model"));
        Files.delete(dir.resolve("model.json"));
        assertEquals(dir + ": no model.json", loadFails(dir).getMessage());
    }

    @Test
    void networksWhoseInputsDoNotMatchTheContractAreRejected() throws Exception {
        Path dir = copyOfMnist("m");
        // model.json names the decoder file as the encoder and vice versa (checksums match the files)
        Path json = dir.resolve("model.json");
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json.toFile());
        var networks = (com.fasterxml.jackson.databind.node.ObjectNode) tree.get("networks");
        var encoder = networks.get("encoder");
        networks.set("encoder", networks.get("decoder"));
        networks.set("decoder", encoder);
        mapper.writeValue(json.toFile(), tree);
        InvalidModelException e = loadFails(dir);
        assertTrue(e.getMessage().contains("has inputs") && e.getMessage().contains("expected"), e.getMessage());
    }

    @Test
    void noValidModelAtAllRefusesToStart() throws Exception {
        Files.createDirectory(models.resolve("nothing-here"));
        InvalidModelException e = assertThrows(InvalidModelException.class,
                () -> ModelRegistry.load(models, BundledModels.loader(POLICY), "mnist"));
        assertEquals(models + ": no valid model directory", e.getMessage());
    }

    @Test
    void anUnknownModelNameListsTheServedOnes() throws Exception {
        copyOfMnist("one");
        try (ModelRegistry registry = ModelRegistry.load(models, BundledModels.loader(POLICY), "mnist")) {
            ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> registry.get("fashion"));
            assertEquals("model 'fashion' is not served; served models: mnist", e.getMessage());
            assertEquals("mnist", registry.get("").name());
        }
    }
}
