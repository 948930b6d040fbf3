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
 * models, writes a grid PNG, and runs one bidirectional stream whose bad request must fail alone.
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
        Path example = EXAMPLES.resolve("python");
        String python = System.getProperty("examples.python", "/usr/bin/python3");
        requireTools(run(example, python, "-c", "import grpc, google.protobuf"),
                python + " cannot import grpc and google.protobuf: apt-get install python3-grpcio python3-protobuf");
        requireTools(run(example, "bash", "-c", "command -v protoc && command -v grpc_python_plugin"),
                "protoc or grpc_python_plugin missing: apt-get install protobuf-compiler protobuf-compiler-grpc");
        Result stubs = run(example, "./generate-stubs.sh");
        assertEquals(0, stubs.exit(), "generate-stubs.sh failed:\n" + stubs.output());

        Path png = dir.resolve("python-grid.png");
        assertClientDidItAll(run(example, python, "cvae_example.py", "--target", target(), "--label", "3",
                "--count", String.valueOf(GRID_COUNT), "--out", png.toString()), png);
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
