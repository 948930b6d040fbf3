package dev.cvae.server.http;

import static dev.cvae.server.testing.ExplorerTestServer.json;
import static dev.cvae.server.testing.ExplorerTestServer.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvae.server.testing.ExplorerTestServer;
import dev.cvae.server.testing.PngHeader;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A morph over HTTP: its frames as Server-Sent Events in order, and as an animated GIF decoded frame by frame. */
class MorphStreamTest {
    private static final String MORPH = "{\"model\":\"mnist\",\"start\":{\"condition\":{\"label_name\":\"1\"},\"seed\":1},"
            + "\"end\":{\"condition\":{\"label_name\":\"7\"},\"seed\":2},\"steps\":%d,\"path\":\"%s\"}";
    private static ExplorerTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ExplorerTestServer();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    /** Frames of more than one inference run (the batch is 64 rows) arrive in order, then one end event. */
    @Test
    void framesStreamInOrderAsEventsThenAnEndEvent() throws Exception {
        HttpResponse<byte[]> response = server.post("/api/interpolate", MORPH.formatted(70, "SPHERICAL"));
        assertEquals(200, response.statusCode(), () -> text(response));
        assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
        List<String[]> events = events(text(response));
        assertEquals(71, events.size());
        for (int i = 0; i < 70; i++) {
            assertEquals("frame", events.get(i)[0]);
            JsonNode frame = ExplorerTestServer.JSON.readTree(events.get(i)[1]);
            assertEquals(i, frame.get("index").asInt());
            assertEquals(i / 69.0, frame.get("t").asDouble(), 1e-6);
            assertEquals(new PngHeader(28, 28), PngHeader.of(Base64.getDecoder().decode(frame.get("image").get("data").asText())));
        }
        assertEquals("end", events.get(70)[0]);
        assertEquals("{\"frames\":70}", events.get(70)[1]);
    }

    @Test
    void aMorphThatCannotStartIs400WithJsonNotAStream() throws Exception {
        HttpResponse<byte[]> response = server.post("/api/interpolate", MORPH.formatted(1, "LINEAR"));
        assertEquals(400, response.statusCode());
        assertEquals("steps: 1, expected 2..1024", json(response).get("message").asText());
        HttpResponse<byte[]> path = server.post("/api/interpolate", MORPH.formatted(4, "CURVED"));
        assertEquals("path: value 'CURVED' is not LINEAR or SPHERICAL", json(path).get("message").asText());
        HttpResponse<byte[]> noPoint = server.post("/api/interpolate", MORPH.formatted(4, "LINEAR").replace("\"seed\":2", "\"latent\":[1]"));
        assertEquals("end.latent: 1 values, expected 8 (the latent size of model mnist)", json(noPoint).get("message").asText());
    }

    @Test
    void theGifHasOneFramePerStepAtTheAskedScale() throws Exception {
        HttpResponse<byte[]> response = server.post("/api/interpolate.gif?scale=3&frame_ms=50", MORPH.formatted(9, "LINEAR"));
        assertEquals(200, response.statusCode(), () -> text(response));
        assertEquals("image/gif", response.headers().firstValue("content-type").orElseThrow());
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(response.body()))) {
            reader.setInput(in);
            assertEquals(9, reader.getNumImages(true));
            assertEquals(84, reader.getWidth(0));
            assertEquals(84, reader.getHeight(8));
            String delay = ((javax.imageio.metadata.IIOMetadataNode) reader.getImageMetadata(1).getAsTree("javax_imageio_gif_image_1.0"))
                    .getElementsByTagName("GraphicControlExtension").item(0).getAttributes().getNamedItem("delayTime").getNodeValue();
            assertEquals("5", delay, "hundredths of a second");
        } finally {
            reader.dispose();
        }
        HttpResponse<byte[]> badScale = server.post("/api/interpolate.gif?scale=99", MORPH.formatted(9, "LINEAR"));
        assertEquals(400, badScale.statusCode());
        assertEquals("scale: '99', expected an integer 1..16", json(badScale).get("message").asText());
        HttpResponse<byte[]> tooLarge = server.post("/api/interpolate.gif?scale=16", MORPH.formatted(1024, "LINEAR"));
        assertEquals(400, tooLarge.statusCode());
        assertTrue(json(tooLarge).get("message").asText().startsWith("scale: 16 makes 1024 frames of 448x448 (205520896 pixels), expected at most"),
                text(tooLarge));
    }

    /** Each event as {name, data}. */
    private static List<String[]> events(String stream) {
        List<String[]> out = new ArrayList<>();
        for (String block : stream.split("\n\n")) {
            if (block.isBlank()) continue;
            String name = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) name = line.substring(7);
                if (line.startsWith("data: ")) data = line.substring(6);
            }
            assertTrue(name != null && data != null, block);
            out.add(new String[] {name, data});
        }
        return out;
    }
}
