package dev.cvae.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

/** models, encode, interpolate and bench against the real server on a loopback socket. */
class ClientCommandsTest extends WithRealServer {
    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    @Test
    void modelsListsEachModelWithItsLabelsAndBatching() throws Exception {
        assertEquals(ExitCodes.OK, client.run("models", "--target", server.target()), client.err());
        assertTrue(client.out().contains("mnist (default)  version 1  1x28x28  latent "), client.out());
        assertTrue(client.out().contains("one-hot(10): 0, 1, 2, 3, 4, 5, 6, 7, 8, 9"), client.out());
        assertTrue(client.out().contains("batching: max 64 rows, max delay 1000 us, 1 worker, queue 1024 rows; sampling temperature 1.0"), client.out());

        ClientRun asJson = new ClientRun();
        assertEquals(ExitCodes.OK, asJson.run("models", "--target", server.target(), "--json"));
        JsonNode mnist = null;
        for (JsonNode m : json(asJson.out()).get("models")) if (m.get("name").asText().equals("mnist")) mnist = m;
        assertTrue(mnist != null, asJson.out());
        assertTrue(mnist.get("default").asBoolean());
        assertEquals(10, mnist.get("labels").size());
        assertEquals(64, mnist.get("batching").get("maxBatch").asInt());
        assertEquals(1024, mnist.get("batching").get("maxQueueRows").asInt());
    }

    @Test
    void encodePrintsMuAndLogvarAndWritesTheReconstruction() throws Exception {
        Path seven = dir.resolve("seven.png");
        assertEquals(ExitCodes.OK, new ClientRun().run("generate", "--target", server.target(), "--label", "7", "--count", "1",
                "--scale", "1", "--out", seven.toString()));
        Path recon = dir.resolve("recon.png");
        int exit = client.run("encode", "--target", server.target(), "--image", seven.toString(), "--label", "7",
                "--reconstruct", recon.toString());
        assertEquals(ExitCodes.OK, exit, client.err());
        assertTrue(client.out().startsWith("mu:     ["), client.out());
        assertTrue(client.out().contains("\nlogvar: ["), client.out());
        BufferedImage r = ImageIO.read(recon.toFile());
        assertEquals(28, r.getWidth());
    }

    @Test
    void interpolatePrintsFramesAsTheyComeAndWritesAGifAndAStrip() throws Exception {
        Path gif = dir.resolve("morph.gif");
        int exit = client.run("interpolate", "--target", server.target(), "--from", "3:seed=1", "--to", "8:seed=2",
                "--steps", "12", "--slerp", "--scale", "2", "--out", gif.toString());
        assertEquals(ExitCodes.OK, exit, client.err());
        assertTrue(client.out().startsWith("frame 1/12 t=0.000 z=["), client.out());
        assertTrue(client.out().contains("frame 12/12 t=1.000"), client.out());
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertEquals(12, reader.getNumImages(true));
            assertEquals(56, reader.getWidth(0));
        }
        BufferedImage strip = ImageIO.read(dir.resolve("morph.png").toFile());
        assertEquals(12 * 56, strip.getWidth());
        assertEquals(56, strip.getHeight());
    }

    @Test
    void interpolateTakesTheFrameTimeAsADurationAndStillInMilliseconds() throws Exception {
        Path gif = dir.resolve("slow.gif");
        assertEquals(ExitCodes.OK, client.run("interpolate", "--target", server.target(), "--from", "1:seed=1", "--to", "7:seed=2",
                "--steps", "2", "--delay", "0.5s", "--out", gif.toString()), client.err());
        assertEquals("50", frameDelayCentiseconds(gif));

        ClientRun millis = new ClientRun();
        assertEquals(ExitCodes.OK, millis.run("interpolate", "--target", server.target(), "--from", "1:seed=1", "--to", "7:seed=2",
                "--steps", "2", "--delay-ms", "120", "--out", gif.toString()), millis.err());
        assertEquals("12", frameDelayCentiseconds(gif));

        ClientRun tooLong = new ClientRun();
        assertEquals(ExitCodes.USAGE, tooLong.run("interpolate", "--target", server.target(), "--from", "1:seed=1", "--to", "7:seed=2",
                "--delay", "11m", "--out", gif.toString()));
        assertTrue(tooLong.err().startsWith("cvae-client: --delay must be 0 to 655s (what a GIF frame can hold), got 11m"), tooLong.err());
    }

    private static String frameDelayCentiseconds(Path gif) throws Exception {
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_gif_image_1.0");
            return ((IIOMetadataNode) root.getElementsByTagName("GraphicControlExtension").item(0)).getAttribute("delayTime");
        }
    }

    @Test
    void interpolateAcceptsAnImageAsAnEndpoint() throws Exception {
        Path two = dir.resolve("two.png");
        assertEquals(ExitCodes.OK, new ClientRun().run("generate", "--target", server.target(), "--label", "2", "--count", "1",
                "--scale", "1", "--out", two.toString()));
        int exit = client.run("interpolate", "--target", server.target(), "--from", "2:image=" + two, "--to", "5:seed=4",
                "--steps", "3", "--out", dir.resolve("m.gif").toString(), "--json");
        assertEquals(ExitCodes.OK, exit, client.err());
        assertEquals(3, json(client.out()).get("frames").size());
    }

    @Test
    void aMalformedEndpointIsAUsageError() {
        assertEquals(ExitCodes.USAGE, client.run("interpolate", "--target", server.target(), "--from", "3", "--to", "8:seed=2",
                "--out", dir.resolve("m.gif").toString()));
        assertTrue(client.err().contains("--from: '3' is not LABEL:seed=N, LABEL:image=FILE.png or LABEL:z=v1,v2,..."), client.err());
    }

    @Test
    void benchOverStreamsReportsThroughputLatencyAndNoErrors() throws Exception {
        int exit = client.run("bench", "--target", server.target(), "--concurrency", "4", "--duration", "1", "--warmup", "0",
                "--mix", "generate=4,encode=1,interpolate=1", "--json");
        assertEquals(ExitCodes.OK, exit, client.err());
        JsonNode r = json(client.out());
        assertEquals("stream", r.get("mode").asText());
        assertEquals("png", r.get("imageFormat").asText(), "png unless --format says otherwise");
        assertTrue(r.get("requests").asLong() > 0, client.out());
        assertTrue(r.get("images").asLong() >= r.get("requests").asLong());
        assertTrue(r.get("latencyMillis").get("p99").asDouble() >= r.get("latencyMillis").get("p50").asDouble());
        assertEquals(0, r.get("errors").size(), client.out());
        assertTrue(client.err().contains(" requests ") || client.err().isEmpty(), client.err());
    }

    @Test
    void benchMeasuresForADurationWithAUnitAndAsksForRawImages() throws Exception {
        int exit = client.run("bench", "--target", server.target(), "--concurrency", "2", "--duration", "2s", "--warmup", "500ms",
                "--mix", "generate=1,interpolate=1", "--format", "raw", "--json");
        assertEquals(ExitCodes.OK, exit, client.err());
        JsonNode r = json(client.out());
        assertEquals("raw", r.get("imageFormat").asText());
        double seconds = r.get("seconds").asDouble();
        assertTrue(seconds >= 2.0 && seconds < 12, "2 s measured, then at most the 10 s drain: " + seconds);
        assertTrue(r.get("requests").asLong() > 0, client.out());
        assertEquals(0, r.get("errors").size(), client.out());
    }

    @Test
    void benchStopsAtTheRequestBudgetInUnaryOpenLoopMode() throws Exception {
        int exit = client.run("bench", "--target", server.target(), "--mode", "unary", "--concurrency", "2", "--rate", "200",
                "--requests", "50", "--duration", "30", "--warmup", "0", "--count", "2", "--json");
        assertEquals(ExitCodes.OK, exit, client.err());
        JsonNode r = json(client.out());
        assertEquals(50, r.get("requests").asLong());
        assertEquals(100, r.get("images").asLong());
        assertTrue(r.get("seconds").asDouble() < 29, "stopped at the budget, not the duration");
    }

    @Test
    void benchLoadsTheOpenInferenceProtocolWithModelInferOnTheDecoder() throws Exception {
        int exit = client.run("bench", "--target", server.target(), "--operation", "kserve", "--model", "fashion-mnist",
                "--concurrency", "2", "--requests", "40", "--duration", "30", "--warmup", "0", "--count", "3", "--json");
        assertEquals(ExitCodes.OK, exit, client.err());
        JsonNode r = json(client.out());
        assertEquals("kserve", r.get("mode").asText());
        assertEquals(40, r.get("requests").asLong());
        assertEquals(120, r.get("images").asLong(), "three decoded rows per ModelInfer");
        assertEquals(0, r.get("errors").size(), client.out());
    }

    @Test
    void modelsUnloadIndexAndLoadManageTheServersRepository() {
        assertEquals(ExitCodes.OK, client.run("models", "unload", "mnist-2d", "--target", server.target()), client.err());
        assertTrue(client.out().contains("unloaded mnist-2d (version 1)"), client.out());
        try {
            ClientRun list = new ClientRun();
            assertEquals(ExitCodes.OK, list.run("models", "--target", server.target()));
            assertTrue(!list.out().contains("mnist-2d"), list.out());
            ClientRun index = new ClientRun();
            assertEquals(ExitCodes.OK, index.run("models", "index", "--target", server.target()));
            assertTrue(index.out().lines().anyMatch(l -> l.startsWith("mnist-2d") && l.contains("UNAVAILABLE")
                    && l.endsWith("(unloaded by an operator)")), index.out());
            ClientRun unknown = new ClientRun();
            assertEquals(ExitCodes.SERVER_ERROR, unknown.run("models", "unload", "no-such-model", "--target", server.target()));
            assertTrue(unknown.err().contains("NOT_FOUND: model 'no-such-model' is not served"), unknown.err());
        } finally {
            ClientRun load = new ClientRun();
            assertEquals(ExitCodes.OK, load.run("models", "load", "mnist-2d", "--target", server.target()), load.err());
            assertTrue(load.out().contains("loaded mnist-2d: serving version 1"), load.out());
        }
    }

    @Test
    void badBenchOptionsAreUsageErrors() {
        assertEquals(ExitCodes.USAGE, client.run("bench", "--target", server.target(), "--mix", "generate=x"));
        assertTrue(client.err().contains("--mix: weight 'x' is not a whole number >= 0"), client.err());
        assertEquals(ExitCodes.USAGE, new ClientRun().run("bench", "--duration", "0"));
        ClientRun format = new ClientRun();
        assertEquals(ExitCodes.USAGE, format.run("bench", "--target", server.target(), "--format", "jpeg"));
        assertTrue(format.err().contains("--format: 'jpeg', expected png or raw"), format.err());
        ClientRun operation = new ClientRun();
        assertEquals(ExitCodes.USAGE, operation.run("bench", "--target", server.target(), "--operation", "triton"));
        assertTrue(operation.err().contains("--operation: 'triton', expected cvae or kserve"), operation.err());
    }
}
