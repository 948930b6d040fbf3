package dev.cvae.server.http;

import static dev.cvae.server.testing.ExplorerTestServer.json;
import static dev.cvae.server.testing.ExplorerTestServer.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.FloatVector;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.Image;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.server.testing.ExplorerTestServer;
import dev.cvae.server.testing.PngHeader;
import com.google.protobuf.ByteString;
import io.grpc.StatusRuntimeException;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The explorer's JSON API on a real Reactor Netty server over the bundled models, called with the JDK's HTTP
 * client: each endpoint's answer, and each bad request's 400 (or 404, 405) whose message is the one gRPC gives the
 * same request, compared with the gRPC service on the same registry.
 */
class ExplorerApiTest {
    private static ExplorerTestServer server;
    private static CvaeServiceGrpc.CvaeServiceBlockingStub grpc;

    @BeforeAll
    static void start() throws Exception {
        server = new ExplorerTestServer();
        grpc = CvaeServiceGrpc.newBlockingStub(server.channel);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void modelsListEveryBundledModelWithShapeLabelsLatentSizeAndReportFiles() throws Exception {
        HttpResponse<byte[]> response = server.get("/api/models");
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode listing = json(response);
        assertEquals("mnist", listing.get("default_model").asText());
        List<String> names = listing.get("models").findValuesAsText("name");
        assertTrue(names.containsAll(List.of("mnist", "mnist-2d", "fashion-mnist", "fashion-mnist-conv")), names.toString());
        JsonNode twoD = model(listing, "mnist-2d");
        assertEquals(2, twoD.get("latent_dim").asInt());
        assertEquals(28, twoD.get("image_shape").get("width").asInt());
        assertEquals("1", twoD.get("version").asText());
        assertEquals(10, twoD.get("label_names").size());
        List<String> report = List.of(Replies.JSON.treeToValue(twoD.get("report"), String[].class));
        assertTrue(report.containsAll(List.of("index.html", "loss.png", "manifold-3.png")), report.toString());
        assertEquals(8, model(listing, "mnist").get("latent_dim").asInt());
        assertTrue(model(listing, "mnist").get("report").toString().contains("\"samples.png\""));
    }

    @Test
    void generateAnswersTheRequestedNumberOfPngsOfTheModelsSizeWithTheirLatents() throws Exception {
        JsonNode answer = json(ok(server.post("/api/generate", "{\"model\":\"mnist\",\"condition\":{\"label_name\":\"3\"},\"count\":5,\"seed\":42}")));
        assertEquals("42", answer.get("seed").asText());
        assertEquals(5, answer.get("images").size());
        for (JsonNode image : answer.get("images")) {
            assertEquals(new PngHeader(28, 28), PngHeader.of(png(image.get("image"))));
            assertEquals(8, image.get("latent").size());
        }
    }

    @Test
    void theSameSeedGivesTheSameImagesAndAnotherLabelOtherImagesAsOnGrpc() throws Exception {
        byte[] three = first(server.post("/api/generate", "{\"condition\":{\"label_name\":\"3\"},\"seed\":\"7\"}"));
        byte[] again = first(server.post("/api/generate", "{\"condition\":{\"class_index\":3},\"seed\":7}"));
        byte[] five = first(server.post("/api/generate", "{\"condition\":{\"label_name\":\"5\"},\"seed\":\"7\"}"));
        assertArrayEquals(three, again);
        assertFalse(java.util.Arrays.equals(three, five), "another label, other pixels");
        byte[] overGrpc = grpc.generate(GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setLabelName("3")).setSeed(7).build())
                .getImages(0).getImage().getData().toByteArray();
        assertArrayEquals(overGrpc, three, "the page is one more client of the same operation");
    }

    @Test
    void aSeedBeyondJavaScriptsExactIntegersTravelsAsAStringUnchanged() throws Exception {
        JsonNode answer = json(ok(server.post("/api/generate", "{\"condition\":{\"label_name\":\"1\"},\"seed\":\"9007199254740993\"}")));
        assertEquals("9007199254740993", answer.get("seed").asText());
    }

    @Test
    void generateFromLatentsDecodesEachVector() throws Exception {
        JsonNode answer = json(ok(server.post("/api/generate",
                "{\"model\":\"mnist-2d\",\"condition\":{\"label_name\":\"0\"},\"latents\":[[0,0],[1.5,-1],[-2,2]]}")));
        assertEquals(3, answer.get("images").size());
        assertEquals(1.5, answer.get("images").get(1).get("latent").get(0).asDouble(), 1e-6);
    }

    @Test
    void encodeGivesTheLatentOfAPngAndItsReconstruction() throws Exception {
        JsonNode generated = json(ok(server.post("/api/generate", "{\"condition\":{\"label_name\":\"4\"},\"seed\":3}")));
        String data = generated.get("images").get(0).get("image").get("data").asText();
        JsonNode encoded = json(ok(server.post("/api/encode",
                "{\"condition\":{\"label_name\":\"4\"},\"image\":{\"data\":\"" + data + "\"},\"reconstruct\":true}")));
        assertEquals(8, encoded.get("mu").size());
        assertEquals(8, encoded.get("logvar").size());
        assertEquals(new PngHeader(28, 28), PngHeader.of(png(encoded.get("reconstruction"))));
        float mu0 = grpc.encode(EncodeRequest.newBuilder().setCondition(Condition.newBuilder().setLabelName("4"))
                .setImage(Image.newBuilder().setFormat(ImageFormat.IMAGE_FORMAT_PNG).setData(ByteString.copyFrom(Base64.getDecoder().decode(data))))
                .build()).getMu(0);
        assertEquals(mu0, encoded.get("mu").get(0).floatValue());
    }

    @Test
    void badRequestsGet400WithTheMessageGrpcGivesTheSameRequest() throws Exception {
        assertSameMessage("{\"condition\":{\"label_name\":\"eleven\"}}",
                GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setLabelName("eleven")).build(), "condition.label_name");
        assertSameMessage("{\"condition\":{\"class_index\":12}}",
                GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setClassIndex(12)).build(), "condition.class_index");
        assertSameMessage("{\"condition\":{\"label_name\":\"1\"},\"count\":5000}",
                GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setLabelName("1")).setCount(5000).build(), "count");
        assertSameMessage("{}", GenerateRequest.newBuilder().build(), "condition");
        assertSameMessage("{\"condition\":{\"label_name\":\"1\"},\"latents\":[[1,2,3]]}",
                GenerateRequest.newBuilder().setCondition(Condition.newBuilder().setLabelName("1"))
                        .addLatents(FloatVector.newBuilder().addValues(1).addValues(2).addValues(3)).build(), "latents[0]");
    }

    @Test
    void anInvalidSeedIs400NamingTheSeed() throws Exception {
        JsonNode error = error(server.post("/api/generate", "{\"condition\":{\"label_name\":\"1\"},\"seed\":\"twelve\"}"), 400);
        assertEquals("seed", error.get("field").asText());
        assertEquals("seed: \"twelve\" is not a seed; expected an integer from -9223372036854775808 to 9223372036854775807",
                error.get("message").asText());
        assertEquals("seed", error(server.post("/api/generate", "{\"condition\":{\"label_name\":\"1\"},\"seed\":1.5}"), 400).get("field").asText());
    }

    @Test
    void anUnknownModelIs404NamingTheServedOnes() throws Exception {
        JsonNode error = error(server.post("/api/generate", "{\"model\":\"mnist-9\",\"condition\":{\"label_name\":\"1\"}}"), 404);
        assertEquals("NOT_FOUND", error.get("status").asText());
        StatusRuntimeException grpcError = assertThrows(StatusRuntimeException.class, () -> grpc.generate(GenerateRequest.newBuilder()
                .setModel("mnist-9").setCondition(Condition.newBuilder().setLabelName("1")).build()));
        assertEquals(grpcError.getStatus().getDescription(), error.get("message").asText());
    }

    @Test
    void aNonPngUploadIs400NamingTheImageData() throws Exception {
        String gif = Base64.getEncoder().encodeToString("GIF89a not a png".getBytes());
        JsonNode error = error(server.post("/api/encode", "{\"condition\":{\"label_name\":\"1\"},\"image\":{\"data\":\"" + gif + "\"}}"), 400);
        assertEquals("image.data: not a readable PNG image (16 bytes)", error.get("message").asText());
        assertEquals("image.data", error(server.post("/api/encode", "{\"condition\":{\"label_name\":\"1\"},\"image\":{\"data\":\"%%%\"}}"), 400)
                .get("field").asText());
    }

    @Test
    void malformedBodiesAndUnknownFieldsAre400() throws Exception {
        assertEquals("body", error(server.post("/api/generate", "{not json"), 400).get("field").asText());
        assertEquals("body", error(server.post("/api/generate", "[1, 2]"), 400).get("field").asText());
        assertEquals("body", error(server.post("/api/generate", ""), 400).get("field").asText());
        JsonNode unknown = error(server.post("/api/generate", "{\"label\":\"3\"}"), 400);
        assertEquals("label: not a field of a generate request; fields: condition, count, latents, model, model_version, seed, temperature",
                unknown.get("message").asText());
        assertEquals("count", error(server.post("/api/generate", "{\"count\":\"many\"}"), 400).get("field").asText());
        assertEquals("temperature: expected a number, got \"hot\"",
                error(server.post("/api/generate", "{\"temperature\":\"hot\"}"), 400).get("message").asText());
        assertEquals("temperature", error(server.post("/api/generate", "{\"condition\":{\"label_name\":\"3\"},\"temperature\":3}"), 400).get("field").asText());
        String huge = "{\"model\":\"" + "x".repeat(ExplorerApi.MAX_BODY_BYTES) + "\"}";
        JsonNode tooLarge = error(server.post("/api/generate", huge), 400);
        assertEquals("body", tooLarge.get("field").asText());
        assertTrue(tooLarge.get("message").asText().endsWith("expected at most " + ExplorerApi.MAX_BODY_BYTES + " bytes"), tooLarge.toString());
    }

    @Test
    void aWrongMethodIs405AndAnUnknownPath404() throws Exception {
        HttpResponse<byte[]> get = server.get("/api/generate");
        assertEquals(405, get.statusCode());
        assertEquals("POST", get.headers().firstValue("allow").orElseThrow());
        assertEquals(404, server.get("/api/nothing").statusCode());
        assertEquals("NOT_FOUND", json(server.get("/api/nothing")).get("status").asText());
    }

    @Test
    void thePageAndItsModulesAreServedWithAContentSecurityPolicyAndNothingElseIs() throws Exception {
        HttpResponse<byte[]> page = ok(server.get("/"));
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        assertEquals(StaticFiles.CONTENT_SECURITY_POLICY, page.headers().firstValue("content-security-policy").orElseThrow());
        assertTrue(text(page).contains("<script type=\"module\" src=\"app.js\">"));
        for (String module : List.of("app.js", "api.js", "ui.js", "models.js", "generate.js", "walk.js", "morph.js", "load.js")) {
            assertEquals("text/javascript; charset=utf-8", ok(server.get("/" + module)).headers().firstValue("content-type").orElseThrow(), module);
        }
        assertEquals("text/css; charset=utf-8", ok(server.get("/explorer.css")).headers().firstValue("content-type").orElseThrow());
        assertEquals(404, server.get("/simplelogger.properties").statusCode());
        assertEquals(404, server.get("/..%2Fsimplelogger.properties").statusCode());
        assertEquals(404, server.get("/missing.js").statusCode());
    }

    @Test
    void loadCountsTheRequestsRunsAndRowsSinceTheLastReading() throws Exception {
        JsonNode before = json(ok(server.get("/api/load")));
        ok(server.post("/api/generate", "{\"model\":\"fashion-mnist\",\"condition\":{\"label_name\":\"Bag\"},\"count\":6}"));
        ok(server.post("/api/generate", "{\"model\":\"fashion-mnist\",\"condition\":{\"label_name\":\"Bag\"},\"count\":2}"));
        error(server.post("/api/generate", "{\"model\":\"fashion-mnist\",\"condition\":{\"label_name\":\"Cat\"}}"), 400);
        JsonNode after = json(ok(server.get("/api/load")));
        assertEquals(3, after.get("requests").asLong() - before.get("requests").asLong());
        assertEquals(1, after.get("failed").asLong() - before.get("failed").asLong());
        assertEquals(8, after.get("rows").asLong() - before.get("rows").asLong(), "rows decoded");
        assertEquals(2, after.get("runs").asLong() - before.get("runs").asLong(), "one run per request here");
        assertTrue(after.get("at_seconds").asDouble() > before.get("at_seconds").asDouble());
        JsonNode buckets = after.get("latency_buckets");
        assertEquals(after.get("requests").asLong(), buckets.get(buckets.size() - 1).get("count").asLong(), "the last bucket holds every request");
        assertEquals(3, after.get("by_operation").get("generate").asLong() - before.path("by_operation").path("generate").asLong());
    }

    private static void assertSameMessage(String json, GenerateRequest request, String field) throws Exception {
        JsonNode error = error(server.post("/api/generate", json), 400);
        StatusRuntimeException grpcError = assertThrows(StatusRuntimeException.class, () -> grpc.generate(request));
        assertEquals(grpcError.getStatus().getDescription(), error.get("message").asText(), json);
        assertEquals("INVALID_ARGUMENT", error.get("status").asText());
        assertEquals(field, error.get("field").asText());
    }

    private static JsonNode model(JsonNode listing, String name) {
        for (JsonNode m : listing.get("models")) if (m.get("name").asText().equals(name)) return m;
        throw new AssertionError(name + " not listed");
    }

    private static HttpResponse<byte[]> ok(HttpResponse<byte[]> response) {
        assertEquals(200, response.statusCode(), () -> text(response));
        return response;
    }

    private static JsonNode error(HttpResponse<byte[]> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), () -> text(response));
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
        JsonNode body = json(response);
        assertNotEquals("", body.get("message").asText());
        return body;
    }

    private static byte[] png(JsonNode image) {
        assertEquals("PNG", image.get("format").asText());
        return Base64.getDecoder().decode(image.get("data").asText());
    }

    private static byte[] first(HttpResponse<byte[]> response) throws Exception {
        return png(json(ok(response)).get("images").get(0).get("image"));
    }
}
