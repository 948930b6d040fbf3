package dev.cvae.trainer.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryWriterTest {
    @TempDir
    Path parent;

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesEveryFileIncludingNestedOnes() throws IOException {
        ModelDirectoryWriter.write(parent.resolve("m"), Map.of("model.json", text("{}"), "report/index.html", text("<p>")));
        assertArrayEquals(text("{}"), Files.readAllBytes(parent.resolve("m/model.json")));
        assertArrayEquals(text("<p>"), Files.readAllBytes(parent.resolve("m/report/index.html")));
        assertEquals(List.of("m"), entries());
    }

    @Test
    void replacesAnOlderModelAndLeavesNothingBeside() throws IOException {
        Path target = parent.resolve("m");
        ModelDirectoryWriter.write(target, Map.of("model.json", text("old"), "stale.onnx", text("x")));
        ModelDirectoryWriter.write(target, Map.of("model.json", text("new")));
        assertArrayEquals(text("new"), Files.readAllBytes(target.resolve("model.json")));
        assertFalse(Files.exists(target.resolve("stale.onnx")), "files of the old model do not survive");
        assertEquals(List.of("m"), entries());
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousModelUntouched() throws IOException {
        Path target = parent.resolve("m");
        ModelDirectoryWriter.write(target, Map.of("model.json", text("good")));
        Map<String, byte[]> broken = new LinkedHashMap<>();
        broken.put("encoder.onnx", text("half"));
        broken.put("decoder.onnx", null); // the write crashes on the second file
        assertThrows(NullPointerException.class, () -> ModelDirectoryWriter.write(target, broken));
        assertArrayEquals(text("good"), Files.readAllBytes(target.resolve("model.json")));
        assertFalse(Files.exists(target.resolve("encoder.onnx")));
        assertEquals(List.of("m"), entries(), "the temporary directory is removed");
    }

    @Test
    void aWriteThatFailsWithNoPreviousModelLeavesNoDirectory() throws IOException {
        Map<String, byte[]> broken = new LinkedHashMap<>();
        broken.put("encoder.onnx", text("half"));
        broken.put("../escape", text("x"));
        assertThrows(IllegalArgumentException.class, () -> ModelDirectoryWriter.write(parent.resolve("m"), broken));
        assertEquals(List.of(), entries());
    }
}
