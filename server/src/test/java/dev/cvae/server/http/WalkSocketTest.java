package dev.cvae.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvae.server.testing.ExplorerTestServer;
import dev.cvae.server.testing.PngHeader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

/**
 * The latent walk: over a real WebSocket each point gets its image (or its error, the socket going on); and the
 * operator behind it decodes one point at a time and drops every point that a newer one overtook while it waited.
 */
class WalkSocketTest {
    @Test
    void eachPointGetsItsImageAndABadPointItsErrorWhileTheSocketGoesOn() throws Exception {
        try (ExplorerTestServer server = new ExplorerTestServer(); WalkClient walk = new WalkClient(server)) {
            walk.send("{\"id\":1,\"model\":\"mnist-2d\",\"condition\":{\"label_name\":\"3\"},\"latents\":[[0.5,-1.0]]}");
            JsonNode first = walk.next();
            assertEquals(1, first.get("id").asInt());
            assertEquals(new PngHeader(28, 28), PngHeader.of(Base64.getDecoder().decode(first.get("image").get("data").asText())));
            assertEquals(-1.0, first.get("latent").get(1).asDouble(), 1e-6);

            walk.send("{\"id\":2,\"model\":\"mnist-2d\",\"condition\":{\"label_name\":\"3\"},\"latents\":[[0.5]]}");
            JsonNode bad = walk.next();
            assertEquals(2, bad.get("id").asInt());
            assertEquals("latents[0]: 1 values, expected 2 (the latent size of model mnist-2d)", bad.get("error").get("message").asText());
            walk.send("not json");
            assertEquals("body", walk.next().get("error").get("field").asText());

            walk.send("{\"id\":3,\"model\":\"mnist-2d\",\"condition\":{\"label_name\":\"4\"},\"latents\":[[0.5,-1.0]]}");
            JsonNode third = walk.next();
            assertEquals(3, third.get("id").asInt());
            assertTrue(!third.get("image").get("data").asText().equals(first.get("image").get("data").asText()), "another label");
        }
    }

    /** Deterministic: the decodes are held open by the test, so which points queue behind which is known. */
    @Test
    void pointsOvertakenWhileOneIsDecodedAreDroppedAndTheNewestWins() {
        Sinks.Many<Integer> points = Sinks.many().unicast().onBackpressureBuffer();
        List<Integer> started = new ArrayList<>();
        List<Sinks.One<String>> decodes = new ArrayList<>();
        StepVerifier.create(NewestWins.apply(points.asFlux(), p -> {
                    started.add(p);
                    Sinks.One<String> decode = Sinks.one();
                    decodes.add(decode);
                    return decode.asMono();
                }))
                .then(() -> points.tryEmitNext(1))
                .then(() -> assertEquals(List.of(1), started))
                .then(() -> {
                    points.tryEmitNext(2);
                    points.tryEmitNext(3);
                    points.tryEmitNext(4);
                })
                .then(() -> assertEquals(List.of(1), started, "one decode at a time"))
                .then(() -> decodes.get(0).tryEmitValue("image 1"))
                .expectNext("image 1")
                .then(() -> assertEquals(List.of(1, 4), started, "2 and 3 were overtaken by 4 and never decoded"))
                .then(() -> points.tryEmitNext(5))
                .then(() -> decodes.get(1).tryEmitValue("image 4"))
                .expectNext("image 4")
                .then(() -> assertEquals(List.of(1, 4, 5), started, "a point that waited alone is decoded"))
                .then(() -> decodes.get(2).tryEmitValue("image 5"))
                .expectNext("image 5")
                .then(points::tryEmitComplete)
                .verifyComplete();
    }

    @Test
    void aSlowReaderCoalescesPointsToo() {
        Sinks.Many<Integer> points = Sinks.many().unicast().onBackpressureBuffer();
        List<Integer> started = new ArrayList<>();
        StepVerifier.create(NewestWins.apply(points.asFlux(), p -> {
                    started.add(p);
                    return Mono.just("image " + p);
                }), 0)
                .then(() -> {
                    points.tryEmitNext(1);
                    points.tryEmitNext(2);
                    points.tryEmitNext(3);
                })
                .thenRequest(1)
                .expectNext("image 3")
                .then(() -> assertEquals(List.of(3), started, "nothing is decoded before the reader asks"))
                .then(points::tryEmitComplete)
                .verifyComplete();
    }
}
