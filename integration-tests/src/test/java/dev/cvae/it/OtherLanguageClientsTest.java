package dev.cvae.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.grpc.CvaeServer;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.testing.BundledModels;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The example clients in examples/python (Debian's grpcio, stubs generated from proto/) and examples/node
 * (@grpc/grpc-js, proto/ loaded at run time) run as subprocesses against the real server on a loopback socket
 * with the bundled models: proof that a client in another language needs only the .proto. Each lists the
 * models, writes a grid PNG, and runs one bidirectional stream whose bad request must fail alone. The Python
 * KServe v2 client (stubs generated from inference/grpc_predict_v2.proto) runs ModelInfer on mnist-decoder and
 * mnist-encoder in both data forms, compares the bytes with cvae.v1's, and sends malformed tensors.
 *
 * <p>The test generates the Python stubs and runs {@code npm ci} (when node_modules is missing or older than
 * package-lock.json) itself, so a fresh clone needs only the tools. Without them (python3-grpcio,
 * python3-protobuf, protoc and grpc_python_plugin; node and npm) a test is skipped, unless
 * {@code -Dexamples.required=true} (as in CI) makes a missing tool a failure.
 */
class OtherLanguageClientsTest {
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** Six 28x28 mnist images make a near-square grid of 3 columns by 2 rows. */
    private static final int GRID_COUNT = 6;
    private static final int GRID_WIDTH = 3 * 28;
    private static final int GRID_HEIGHT = 2 * 28;
    private static final List<String> STREAM_IDS = List.of("generate-1", "bad-label", "encode-1", "interpolate-1");
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    /** kserve_example.py's malformed cases on mnist-decoder (3 rows; z [3, 8], c [3, 10]) and how each answer begins. */
    private static final Map<String, String> KSERVE_ERRORS = Map.of(
            "wrong-datatype", "INVALID_ARGUMENT inputs[0] 'z': datatype INT64, expected FP32",
            "wrong-width", "INVALID_ARGUMENT inputs[1] 'c': shape [3, 11] has width 11, expected [rows, 10]",
            "data-length", "INVALID_ARGUMENT inputs[0] 'z': raw_input_contents[0] has 92 bytes, expected 96",
            "missing-input", "INVALID_ARGUMENT inputs: 'c' is missing",
            "raw-and-typed", "INVALID_ARGUMENT inputs[1] 'c': has 30 values in contents while raw_input_contents is also set",
            "nan", "INVALID_ARGUMENT inputs[0] 'z': value NaN at index 9 (row 1, column 1) is not finite",
            "unknown-model", "NOT_FOUND model 'mnist-generator' is not served");

    private static Scheduler images;
    private static CvaeServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws Exception {
        images = Schedulers.newParallel("other-language-clients", 1, true);
        server = new CvaeServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
                BundledModels.registry(new BatchPolicy(64, Duration.ofMillis(1), 1024, 1)),
                new CvaeOperations(images), 1024, 64).start();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) server.shutdown(5, TimeUnit.SECONDS);
        if (images != null) images.dispose();
    }

    @Test
    void pythonExampleListsModelsWritesTheGridAndAnswersEveryStreamIdOnce() throws Exception {
        String python = pythonWithStubs();
        Path png = dir.resolve("python-grid.png");
        assertClientDidItAll(run(EXAMPLES.resolve("python"), python, "cvae_example.py", "--target", target(), "--label", "3",
                "--count", String.valueOf(GRID_COUNT), "--out", png.toString()), png);
    }

    @Test
    void pythonKServeClientGetsCvaeV1sExactBytesInBothDataFormsAndAClearErrorForEachMalformedTensor() throws Exception {
        String python = pythonWithStubs();
        Result client = run(EXAMPLES.resolve("python"), python, "kserve_example.py", "--target", target(), "--model", "mnist");
        String out = client.output();
        assertEquals(0, client.exit(), "kserve_example.py failed:\n" + out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("decode: mnist-decoder 3 rows")
                && l.endsWith("raw and typed answers identical (9408 bytes), identical to cvae.v1 Generate")), out);
        assertTrue(out.lines().anyMatch(l -> l.equals("encode: mnist-encoder 3 rows: raw and typed answers identical, "
                + "mu and logvar identical to cvae.v1 Encode")), out);
        KSERVE_ERRORS.forEach((name, answer) -> {
            String expected = "error " + name + ": " + answer;
            assertTrue(out.lines().anyMatch(l -> l.startsWith(expected)), expected + "\n" + out);
        });
        assertEquals("kserve ok", out.strip().lines().reduce((a, b) -> b).orElse(""), "the last line:\n" + out);
    }

    /** The Python interpreter, once the tools are there and generate-stubs.sh has written gen/. */
    private String pythonWithStubs() throws IOException, InterruptedException {
        Path example = EXAMPLES.resolve("python");
        String python = System.getProperty("examples.python", "/usr/bin/python3");
        requireTools(run(example, python, "-c", "import grpc, google.protobuf"),
                python + " cannot import grpc and google.protobuf: apt-get install python3-grpcio python3-protobuf");
        requireTools(run(example, "bash", "-c", "command -v protoc && command -v grpc_python_plugin"),
                "protoc or grpc_python_plugin missing: apt-get install protobuf-compiler protobuf-compiler-grpc");
        Result stubs = run(example, "./generate-stubs.sh");
        assertEquals(0, stubs.exit(), "generate-stubs.sh failed:\n" + stubs.output());
        return python;
    }

    @Test
    void nodeExampleListsModelsWritesTheGridAndAnswersEveryStreamIdOnce() throws Exception {
        Path example = EXAMPLES.resolve("node");
        requireTools(run(example, "node", "--version"), "node missing: apt-get install nodejs");
        requireTools(run(example, "npm", "--version"), "npm missing: apt-get install npm");
        Path installed = example.resolve("node_modules").resolve(".package-lock.json");
        if (!Files.exists(installed) || Files.getLastModifiedTime(installed)
                .compareTo(Files.getLastModifiedTime(example.resolve("package-lock.json"))) < 0) {
            requireTools(run(example, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"),
                    "npm ci failed in " + example + " (it needs the npm registry or a filled npm cache)");
        }

        Path png = dir.resolve("node-grid.png");
        assertClientDidItAll(run(example, "node", "cvae_example.js", "--target", target(), "--label", "3",
                "--count", String.valueOf(GRID_COUNT), "--out", png.toString()), png);
    }

    /** Exit 0, mnist listed, a grid PNG of the expected size, every stream id answered once, bad-label as INVALID_ARGUMENT. */
    private static void assertClientDidItAll(Result client, Path png) throws IOException {
        String out = client.output();
        assertEquals(0, client.exit(), "the example failed:\n" + out);
        assertTrue(out.lines().anyMatch(l -> l.strip().startsWith("mnist version 1 labels 0,1,2,3,4,5,6,7,8,9")),
                "mnist is not in the model list:\n" + out);

        byte[] bytes = Files.readAllBytes(png);
        assertTrue(bytes.length > 24, "PNG too short: " + bytes.length + " bytes");
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(bytes, 8), "PNG signature");
        ByteBuffer header = ByteBuffer.wrap(bytes, 8, 16); // length, "IHDR", width, height (big-endian)
        assertEquals(13, header.getInt());
        assertEquals("IHDR", new String(bytes, 12, 4, StandardCharsets.US_ASCII));
        header.getInt();
        assertEquals(GRID_WIDTH, header.getInt(), "grid width");
        assertEquals(GRID_HEIGHT, header.getInt(), "grid height");

        List<String> answers = out.lines().filter(l -> l.startsWith("answer ")).toList();
        assertEquals(STREAM_IDS.size(), answers.size(), "one answer per stream request:\n" + out);
        for (String id : STREAM_IDS) {
            List<String> forId = answers.stream().filter(l -> l.startsWith("answer " + id + ": ")).toList();
            assertEquals(1, forId.size(), "answers for id " + id + ":\n" + out);
            boolean error = forId.get(0).startsWith("answer " + id + ": error ");
            assertEquals(id.equals("bad-label"), error, forId.get(0));
        }
        assertTrue(out.contains("answer bad-label: error INVALID_ARGUMENT (3): generate.condition.label_name: "
                + "'no-such-label' is not a label of model mnist"), out);
    }

    private static String target() {
        return "127.0.0.1:" + server.port();
    }

    /** A tool check that failed skips the test, or fails it under {@code -Dexamples.required=true}. */
    private static void requireTools(Result check, String missing) {
        String message = missing + "\n" + check.output();
        if (Boolean.getBoolean("examples.required")) assertEquals(0, check.exit(), message);
        assumeTrue(check.exit() == 0, message);
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command in {@code workDir} with stdout and stderr together; exit -1 when it cannot start or times out. */
    private Result run(Path workDir, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "run", ".log");
        Process process;
        try {
            process = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + ": " + e.getMessage());
        }
        boolean finished = process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) process.destroyForcibly().waitFor();
        String output = Files.readString(log);
        return finished ? new Result(process.exitValue(), output)
                : new Result(-1, String.join(" ", command) + ": timed out after " + TIMEOUT + "\n" + output);
    }
}
