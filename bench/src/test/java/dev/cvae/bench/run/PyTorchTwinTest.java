package dev.cvae.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PyTorch twin of bench/training-speed.sh has the trainer's layers exactly: loaded with a bundled model's exported
 * weights (bench/training-speed/twin_check.py), it computes what ONNX Runtime computes from the same files. Needs
 * /usr/bin/python3 with torch and onnx (Debian: python3-torch, python3-onnx); skipped without them.
 */
class PyTorchTwinTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int ROWS = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({"fashion-mnist, mlp", "fashion-mnist-conv, conv"})
    void twinLoadedWithTheExportedWeightsComputesWhatOnnxRuntimeComputes(String model, String arch) throws Exception {
        String python = System.getProperty("twin.python", "/usr/bin/python3");
        assumeTrue(run(python, null, "-c", "import torch, onnx").exit == 0,
                python + " cannot import torch and onnx (apt-get install python3-torch python3-onnx)");
        Path dir = ROOT.resolve("models").resolve(model);
        Random rng = new Random(17);
        Map<String, float[][]> inputs = new LinkedHashMap<>();
        inputs.put("x", uniform(rng, ROWS, 784));
        inputs.put("c", oneHot(rng, ROWS, 10));
        inputs.put("z", gaussian(rng, ROWS, 8));

        Result twin = run(python, JSON.writeValueAsString(inputs),
                ROOT.resolve("bench/training-speed/twin_check.py").toString(), "--model", dir.toString(), "--arch", arch);
        assertEquals(0, twin.exit, "twin_check.py failed:\n" + twin.errors);
        JsonNode out = JSON.readTree(twin.output);

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession encoder = env.createSession(dir.resolve("encoder.onnx").toString(), options);
             OrtSession decoder = env.createSession(dir.resolve("decoder.onnx").toString(), options);
             OnnxTensor x = OnnxTensor.createTensor(env, inputs.get("x"));
             OnnxTensor c = OnnxTensor.createTensor(env, inputs.get("c"));
             OnnxTensor z = OnnxTensor.createTensor(env, inputs.get("z"));
             OrtSession.Result encoded = encoder.run(Map.of("x", x, "c", c));
             OrtSession.Result decoded = decoder.run(Map.of("z", z, "c", c))) {
            assertClose("mu", (float[][]) encoded.get("mu").orElseThrow().getValue(), out.get("mu"));
            assertClose("logvar", (float[][]) encoded.get("logvar").orElseThrow().getValue(), out.get("logvar"));
            assertClose("x_hat", (float[][]) decoded.get("x_hat").orElseThrow().getValue(), out.get("x_hat"));
        }
    }

    private static void assertClose(String name, float[][] expected, JsonNode actual) {
        assertEquals(expected.length, actual.size(), name + ": rows");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i].length, actual.get(i).size(), name + ": columns of row " + i);
            for (int j = 0; j < expected[i].length; j++) {
                assertEquals(expected[i][j], actual.get(i).get(j).asDouble(), 1e-4, name + "[" + i + "][" + j + "]");
            }
        }
    }

    private static float[][] uniform(Random rng, int rows, int cols) {
        float[][] v = new float[rows][cols];
        for (float[] row : v) for (int j = 0; j < cols; j++) row[j] = rng.nextFloat();
        return v;
    }

    private static float[][] gaussian(Random rng, int rows, int cols) {
        float[][] v = new float[rows][cols];
        for (float[] row : v) for (int j = 0; j < cols; j++) row[j] = (float) rng.nextGaussian();
        return v;
    }

    private static float[][] oneHot(Random rng, int rows, int classes) {
        float[][] v = new float[rows][classes];
        for (float[] row : v) row[rng.nextInt(classes)] = 1f;
        return v;
    }

    private record Result(int exit, String output, String errors) {
    }

    /** Runs {@code python args}, writing {@code stdin} (if any) to it; standard error is kept apart from the output. */
    private static Result run(String python, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python));
        command.addAll(List.of(args));
        Path errors = Files.createTempFile("twin", ".err");
        try {
            Process p;
            try {
                p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            } catch (IOException e) {
                return new Result(-1, "", e.getMessage());
            }
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out, "timed out");
            }
            return new Result(p.exitValue(), out, Files.readString(errors));
        } finally {
            Files.deleteIfExists(errors);
        }
    }
}
