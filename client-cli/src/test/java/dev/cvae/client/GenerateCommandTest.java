package dev.cvae.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.grpc.CvaeServer;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.model.ModelLoader;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.runtime.ExecutionDevice;
import dev.cvae.server.runtime.SessionFactory;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Schedulers;

/** cvae-client generate against the real server on a loopback socket with the bundled models. */
class GenerateCommandTest {
    static CvaeServer server;
    static String target;

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void start() throws Exception {
        ModelRegistry registry = ModelRegistry.load(Path.of("..", "models"),
                new ModelLoader(new SessionFactory(ExecutionDevice.CPU_DEVICE, 1), new BatchPolicy(64, Duration.ofMillis(1), 1024, 1)), "mnist");
        server = new CvaeServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), registry,
                new CvaeOperations(Schedulers.newParallel("client-test", 1, true)), 1024, 64).start();
        target = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.shutdown(5, TimeUnit.SECONDS);
    }

    private int run(String... args) {
        var cli = CvaeClient.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void generateWritesAGridOfSixteenImages() throws Exception {
        Path png = dir.resolve("threes.png");
        int exit = run("generate", "--target", target, "--label", "3", "--count", "16", "--seed", "1", "--out", png.toString());
        assertEquals(ExitCodes.OK, exit, err.toString());
        BufferedImage grid = ImageIO.read(png.toFile());
        assertEquals(4 * 28 * 2, grid.getWidth(), "4 columns of 28 pixels, scaled by 2");
        assertEquals(4 * 28 * 2, grid.getHeight());
        assertTrue(out.toString().startsWith("wrote 16 images of '3' from model mnist (seed 1) to "), out.toString());
    }

    @Test
    void anUnknownLabelIsAUsageErrorThatListsTheLabels() {
        int exit = run("generate", "--target", target, "--label", "dress", "--out", dir.resolve("x.png").toString());
        assertEquals(ExitCodes.USAGE, exit);
        assertTrue(err.toString().contains("--label: 'dress' is neither a label of model mnist nor a class index 0..9; labels: 0, 1, 2"),
                err.toString());
    }

    @Test
    void anUnreachableServerIsNamedInAOneLineError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        int exit = run("generate", "--target", "127.0.0.1:" + port, "--label", "3", "--timeout", "5", "--out", dir.resolve("x.png").toString());
        assertEquals(ExitCodes.SERVER_ERROR, exit);
        assertTrue(err.toString().startsWith("cvae-client: cannot reach the server at 127.0.0.1:" + port), err.toString());
    }
}
