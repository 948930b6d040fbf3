package dev.cvae.trainer.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvae.trainer.data.ImageShape;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.CvaeGraph;
import dev.cvae.trainer.model.LossSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported files pass ONNX's own checker ({@code onnx.checker.check_model} with full shape inference),
 * run through the Python {@code onnx} package (Debian: python3-onnx). Without it the test is skipped, unless
 * {@code -Donnx.checker.required=true} (as in CI) makes a missing checker a failure.
 */
class OnnxCheckerTest {
    private static final String CHECK = "import onnx, sys\n"
            + "for path in sys.argv[1:]:\n"
            + "    onnx.checker.check_model(onnx.load(path), full_check=True)\n"
            + "print('ok')\n";

    @TempDir
    Path dir;

    @Test
    void encoderAndDecoderPassOnnxChecker() throws Exception {
        String python = System.getProperty("onnx.python", "python3");
        boolean available = run(python, "-c", "import onnx").exit == 0;
        if (Boolean.getBoolean("onnx.checker.required")) {
            assertEquals(true, available, python + " cannot import onnx: install python3-onnx (see README)");
        }
        assumeTrue(available, python + " cannot import onnx; install python3-onnx to run this check");

        CvaeArchitecture arch = new CvaeArchitecture(new ImageShape(1, 28, 28), 10, List.of(512, 256), 8, List.of(256, 512));
        CvaeGraph graph = CvaeGraph.build(arch, 1e-3, LossSpec.bernoulli(0), null, 3);
        Path encoder = Files.write(dir.resolve("encoder.onnx"), OnnxExporter.export(arch.encoder(), graph.encoderWeights(), Map.of("k", "v")));
        Path decoder = Files.write(dir.resolve("decoder.onnx"), OnnxExporter.export(arch.decoder(), graph.decoderWeights(), Map.of()));

        Result result = run(python, "-c", CHECK, encoder.toString(), decoder.toString());
        assertEquals(0, result.exit, "onnx.checker rejected the export:\n" + result.output);
        assertEquals("ok", result.output.strip());
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out\n" + out);
        }
        return new Result(p.exitValue(), out);
    }
}
