package dev.cvae.server.http;

import static dev.cvae.server.testing.ExplorerTestServer.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.testing.ExplorerTestServer;
import dev.cvae.server.testing.ModelRepositoryDir;
import dev.cvae.server.model.ModelRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model's training report over HTTP: its files are served read-only, and nothing else is, whatever the path says:
 * parent references (plain or encoded), a file of the model directory beside the report, a link out of the folder.
 */
class ReportFilesTest {
    @TempDir
    Path dir;

    @Test
    void servesTheReportsFilesAndNoFileOutsideTheReportFolder() throws Exception {
        ModelRepositoryDir repo = new ModelRepositoryDir(dir.resolve("models"));
        Path model = repo.add("mnist", "mnist");
        Path report = Files.createDirectories(model.resolve("report"));
        byte[] figure = Files.readAllBytes(BundledModels.DIR.resolve("mnist/report/loss.png"));
        Files.write(report.resolve("loss.png"), figure);
        Files.writeString(report.resolve("index.html"), "<h1>report</h1>");
        Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(report.resolve("escape.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(report.resolve("linked.png"), report.resolve("loss.png"));
        ModelRegistry registry = ModelRegistry.load(repo.root(), BundledModels.loader(new BatchPolicy(8, Duration.ofMillis(1), 64, 1)), "mnist");
        try (ExplorerTestServer server = new ExplorerTestServer(registry, ExplorerServer.Security.NONE)) {
            HttpResponse<byte[]> png = server.get("/api/models/mnist/report/loss.png");
            assertEquals(200, png.statusCode());
            assertEquals("image/png", png.headers().firstValue("content-type").orElseThrow());
            assertArrayEquals(figure, png.body());
            HttpResponse<byte[]> html = server.get("/api/models/mnist/report/index.html?version=1");
            assertEquals(200, html.statusCode());
            assertTrue(html.headers().firstValue("content-security-policy").orElseThrow().startsWith("sandbox"));

            assertTrue(text(server.get("/api/models")).contains("\"report\":[\"index.html\",\"loss.png\"]"),
                    "links are not listed: " + text(server.get("/api/models")));
            for (String path : List.of("escape.txt", "linked.png", "..%2Fmodel.json", "%2E%2E%2Fmodel.json", "..%5Cmodel.json",
                    ".hidden.png", "%2Fetc%2Fpasswd", "model.json", "report", "nothing.png")) {
                HttpResponse<byte[]> answer = server.get("/api/models/mnist/report/" + path);
                assertEquals(404, answer.statusCode(), path + ": " + text(answer));
                assertTrue(!text(answer).contains("secret") && !text(answer).contains("latentDim"), path);
            }
            for (String path : List.of("/api/models/mnist/report/../model.json", "/api/models/mnist/../../secret.txt",
                    "/api/models/mnist/report/a/../../model.json")) {
                assertEquals(404, server.get(path).statusCode(), path);
            }
            assertEquals(404, server.get("/api/models/mnist-9/report/loss.png").statusCode());
            assertEquals(404, server.get("/api/models/mnist/report/loss.png?version=7").statusCode());
        }
    }
}
