package dev.cvae.it;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import dev.cvae.server.http.ExplorerServer;
import dev.cvae.server.security.BearerTokenAuth;
import dev.cvae.server.testing.ExplorerTestServer;
import dev.cvae.server.testing.PngHeader;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model explorer in a real browser: Debian's headless Chromium, driven by Playwright for Java (its own browser
 * download skipped), against the real server on a free port with the bundled models. The tests click through every
 * view as a user would and check what the page shows: the grid's images are PNGs of the model's size and change
 * with the label; a drag on the pad decodes new frames; a morph streams its frames in order and exports a GIF; an
 * uploaded PNG is encoded; a bad seed shows the server's message; the live panel counts traffic; the layout holds
 * at phone width; the controls are reached with Tab. Each view's screenshot goes to explorer-VIEW.png under -Dexplorer.screenshots (target/screenshots).
 *
 * <p>Without the browser ({@code apt-get install chromium}; another path with {@code -Dbrowser.executable=}) the
 * tests are skipped, unless {@code -Dbrowser.required=true} (as in CI) makes that a failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerInBrowserTest {
    /** target/screenshots unless -Dexplorer.screenshots says otherwise (docs/images, to refresh README's). */
    private static final Path SCREENSHOTS = Path.of(System.getProperty("explorer.screenshots", "target/screenshots")).toAbsolutePath().normalize();
    private static final double WAIT_MS = 30_000;
    private static final String TOKEN = "explorer-test-token-0123456789";

    private ExplorerTestServer server;
    private Playwright playwright;
    private Browser browser;
    private BrowserContext context;
    private Page page;

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        Path chromium = Path.of(System.getProperty("browser.executable", "/usr/bin/chromium"));
        String missing = "no browser at " + chromium + ": apt-get install chromium (or -Dbrowser.executable=PATH)";
        if (Boolean.getBoolean("browser.required")) assertTrue(Files.isExecutable(chromium), missing);
        assumeTrue(Files.isExecutable(chromium), missing);
        server = new ExplorerTestServer();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium).setHeadless(true));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    void stop() throws Exception {
        if (browser != null) browser.close();
        if (playwright != null) playwright.close();
        if (server != null) server.close();
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1000, 760));
        context.setDefaultTimeout(WAIT_MS);
        page = context.newPage();
    }

    @AfterEach
    void closePage() {
        if (context != null) context.close();
    }

    @Test
    void modelsViewShowsEveryModelWithItsShapeLatentSizeAndReportFigures() {
        open(server, "models");
        Locator card = page.locator("[data-model=\"mnist-2d\"]");
        assertThat(card).containsText("Latent size2");
        assertThat(card).containsText("28×28, grayscale");
        assertThat(page.locator("#model-list .card")).hasCount(4);
        Locator figures = card.locator("figure img");
        assertTrue(figures.count() >= 12, "mnist-2d's report has a loss curve, samples and ten manifolds");
        page.waitForFunction("() => [...document.querySelectorAll('[data-model=\"mnist-2d\"] figure img')]"
                + ".every(i => i.complete && i.naturalWidth > 0)");
        screenshot("models");
    }

    @Test
    void generateShowsTheRequestedNumberOfPngsOfTheModelsSizeAndTheLabelChangesThem() {
        open(server, "generate");
        Locator form = page.locator("#generate-form");
        form.locator("select[name=model]").selectOption("mnist");
        form.locator("select[data-attribute=label]").selectOption("3");
        form.locator("input[name=count]").fill("12");
        form.locator("input[name=seed]").fill("42");
        form.locator("button[type=submit]").click();
        Locator images = page.locator("#generate-grid img");
        assertThat(images).hasCount(12);
        List<String> threes = pngs(images, 28, 28);

        form.locator("select[data-attribute=label]").selectOption("5");
        form.locator("button[type=submit]").click();
        assertThat(page.locator("#generate-status")).containsText("seed 42");
        page.waitForFunction("first => document.querySelector('#generate-grid img').src !== first", threes.get(0));
        List<String> fives = pngs(images, 28, 28);
        assertEquals(12, fives.size());
        for (int i = 0; i < 12; i++) assertNotEquals(threes.get(i), fives.get(i), "image " + i + " changed with the label");

        images.nth(2).click();
        assertThat(page.locator("#generate-detail")).isVisible();
        assertTrue(page.locator("#detail-download").getAttribute("href").startsWith("data:image/png;base64,"));
        JsonNode latent = json(page.locator("#detail-latent").inputValue());
        assertEquals(8, latent.size());
        screenshot("generate");

        page.locator("#every-label").click();
        assertThat(images).hasCount(10);
        assertThat(page.locator("#generate-status")).containsText("every label");
        assertEquals(10, new HashSet<>(pngs(images, 28, 28)).size(), "one latent, ten labels, ten different images");
        screenshot("generate-every-label");
    }

    @Test
    void anInvalidSeedOrTemperatureShowsTheServersMessageInThePageAndAValidTemperatureGenerates() {
        open(server, "generate");
        page.locator("#generate-form input[name=seed]").fill("12abc");
        page.locator("#generate-form button[type=submit]").click();
        Locator error = page.locator("#view-generate [data-error]");
        assertThat(error).isVisible();
        assertThat(error).hasText("seed: \"12abc\" is not a seed; expected an integer from -9223372036854775808 to 9223372036854775807");
        assertThat(page.locator("#generate-grid img")).hasCount(0);

        page.locator("#generate-form input[name=seed]").fill("7");
        page.locator("#generate-form input[name=temperature]").fill("2.5");
        page.locator("#generate-form button[type=submit]").click();
        assertThat(error).hasText("temperature: 2.5 is not a sampling temperature; expected a number in (0, 2] (1 samples the prior as trained,"
                + " lower gives more typical images)");
        page.locator("#generate-form input[name=temperature]").fill("0.7");
        page.locator("#generate-form button[type=submit]").click();
        assertThat(page.locator("#generate-grid img")).hasCount(16);
        assertThat(error).isHidden();
    }

    @Test
    void aDragOnThePadDecodesNewFramesOverTheManifoldAndAnUploadedPngIsEncoded() throws Exception {
        open(server, "walk");
        page.locator("#walk-form select[name=model]").selectOption("mnist-2d");
        assertThat(page.locator("#walk-manifold")).hasAttribute("data-drawn", "144");
        page.waitForFunction("() => JSON.parse(document.getElementById('walk-pad').dataset.base || '[]').length === 2");
        String before = page.locator("#walk-image").getAttribute("src");

        var box = page.locator("#walk-pad").boundingBox();
        page.mouse().move(box.x + box.width * 0.2, box.y + box.height * 0.2);
        page.mouse().down();
        for (int i = 1; i <= 20; i++) page.mouse().move(box.x + box.width * (0.2 + 0.03 * i), box.y + box.height * (0.2 + 0.025 * i));
        page.mouse().up();
        page.waitForFunction("() => document.getElementById('walk-image').dataset.id === document.getElementById('walk-stats').dataset.sent",
                null, new Page.WaitForFunctionOptions().setTimeout(WAIT_MS));
        int sent = Integer.parseInt(page.locator("#walk-stats").getAttribute("data-sent"));
        int frames = Integer.parseInt(page.locator("#walk-stats").getAttribute("data-frames"));
        assertTrue(sent >= 20, sent + " points sent");
        assertTrue(frames >= 1 && frames <= sent, frames + " frames for " + sent + " points: the newest point wins, none is answered twice");
        String dragged = page.locator("#walk-image").getAttribute("src");
        assertNotEquals(before, dragged, "the drag decoded a new frame");
        assertEquals(new PngHeader(28, 28), PngHeader.of(dataUrl(dragged)));
        screenshot("walk");

        page.locator("#walk-pad").focus();
        page.keyboard().press("ArrowRight");
        page.waitForFunction("n => Number(document.getElementById('walk-stats').dataset.frames) > n", frames);
        assertNotEquals(dragged, page.locator("#walk-image").getAttribute("src"), "an arrow key moves the point too");

        Path upload = digitPng("7");
        String base = page.locator("#walk-pad").getAttribute("data-base");
        page.locator("#walk-form input[name=image]").setInputFiles(upload);
        assertThat(page.locator("#walk-position")).containsText("(encoded)");
        assertNotEquals(base, page.locator("#walk-pad").getAttribute("data-base"), "the pad starts from the upload's latent");
        assertEquals(2, json(page.locator("#walk-pad").getAttribute("data-base")).size());
    }

    @Test
    void aMorphStreamsAllItsFramesInOrderAndExportsAGif() throws Exception {
        open(server, "morph");
        Locator form = page.locator("#morph-form");
        form.locator("select[name=model]").selectOption("mnist");
        form.locator("input[name=steps]").fill("12");
        form.locator("input[name=startImage]").setInputFiles(digitPng("1"));
        form.locator("button[type=submit]").click();
        assertThat(page.locator("#view-morph")).hasAttribute("data-state", "done");
        Locator strip = page.locator("#morph-strip img");
        assertThat(strip).hasCount(12);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 12; i++) order.add(strip.nth(i).getAttribute("data-index"));
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"), order, "frames shown as they arrived");
        pngs(strip, 28, 28);
        assertThat(page.locator("#morph-status")).hasText("12 frames");
        String first = page.locator("#morph-image").getAttribute("src");
        page.locator("#morph-slider").fill("8");
        assertNotEquals(first, page.locator("#morph-image").getAttribute("src"), "the slider shows another frame");
        assertThat(page.locator("#morph-strip img.current")).hasAttribute("data-index", "8");

        page.locator("#morph-gif").click();
        assertThat(page.locator("#morph-gif-link")).isVisible();
        Download download = page.waitForDownload(() -> page.locator("#morph-gif-link").click());
        assertEquals("morph.gif", download.suggestedFilename());
        byte[] gif = Files.readAllBytes(download.path());
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            reader.setInput(in);
            assertEquals(12, reader.getNumImages(true));
            assertEquals(28 * 4, reader.getWidth(0));
        } finally {
            reader.dispose();
        }
        screenshot("morph");
    }

    @Test
    void theLivePanelCountsRequestsWhileTrafficRuns() throws Exception {
        open(server, "load");
        AtomicBoolean running = new AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            while (running.get()) {
                try {
                    server.post("/api/generate", "{\"condition\":{\"label_name\":\"2\"},\"count\":8}");
                } catch (Exception e) {
                    return;
                }
            }
        }, "explorer-traffic");
        traffic.start();
        try {
            page.waitForFunction("() => Number(document.getElementById('view-load').dataset.requestsPerSecond) > 0");
            page.waitForFunction("() => Number(document.getElementById('view-load').dataset.samples) >= 5"); // a line to see
            assertThat(page.locator("#load-batch")).not().hasText("–");
            assertThat(page.locator("#load-latency")).containsText("ms");
            screenshot("load");
        } finally {
            running.set(false);
            traffic.join(30_000);
        }
    }

    @Test
    void atPhoneWidthNoViewOverflowsSideways() {
        page.setViewportSize(375, 760);
        for (String view : List.of("models", "generate", "walk", "morph", "load")) {
            open(server, view);
            if (view.equals("generate")) {
                page.locator("#generate-form input[name=seed]").fill("42");
                page.locator("#generate-form button[type=submit]").click();
                assertThat(page.locator("#generate-grid img")).hasCount(16);
            }
            Object overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertEquals(0, ((Number) overflow).intValue(), view + " overflows at 375 px");
            if (view.equals("generate")) page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("explorer-phone.png")));
        }
    }

    @Test
    void theMainControlsAreReachedWithTab() {
        open(server, "generate");
        Set<String> reached = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            page.keyboard().press("Tab");
            reached.add((String) page.evaluate("() => { const e = document.activeElement;"
                    + " return e.id || e.dataset.attribute || e.name || e.textContent.trim(); }"));
        }
        for (String control : List.of("tab-generate", "token", "Use token", "model", "label", "count", "seed", "Generate",
                "every-label")) {
            assertTrue(reached.contains(control), control + " not reached with Tab: " + reached);
        }
        page.keyboard().press("Shift+Tab");
        page.locator("#tab-generate").focus();
        page.keyboard().press("ArrowRight");
        assertThat(page.locator("#view-walk")).isVisible();
        assertThat(page.locator("#tab-walk")).isFocused();
    }

    @Test
    void withTokensThePageAsksForOneAndKeepsItForTheSession() throws Exception {
        Path file = Files.writeString(dir.resolve("tokens"), "browser " + TOKEN + "\n");
        try (BearerTokenAuth tokens = BearerTokenAuth.start(file, BearerTokenAuth.DEFAULT_OPEN_SERVICES, Duration.ofSeconds(5));
             ExplorerTestServer guarded = new ExplorerTestServer(null, new ExplorerServer.Security(null, tokens))) {
            open(guarded, "models", false);
            assertThat(page.locator("#app-error")).containsText("missing credentials");
            page.locator("#token").fill(TOKEN);
            page.locator("#token-form button").click();
            assertThat(page.locator("#model-list .card")).hasCount(4);
            assertThat(page.locator("#app-error")).isHidden();
            assertEquals(TOKEN, page.evaluate("() => sessionStorage.getItem('cvae.token')"));
            page.locator("#tab-walk").click();
            page.locator("#walk-form select[name=model]").selectOption("mnist-2d");
            assertThat(page.locator("#walk-manifold")).hasAttribute("data-drawn", "144");
            page.locator("#walk-pad").focus();
            page.keyboard().press("ArrowUp");
            page.waitForFunction("() => Number(document.getElementById('walk-stats').dataset.frames) > 0");
            assertThat(page.locator("#view-walk [data-error]")).isHidden();
        }
    }

    private void open(ExplorerTestServer target, String view) {
        open(target, view, true);
    }

    private void open(ExplorerTestServer target, String view, boolean ready) {
        page.navigate(target.uri("/#" + view).toString());
        if (ready) assertThat(page.locator("body")).hasAttribute("data-ready", "true", new LocatorAssertions.HasAttributeOptions().setTimeout(WAIT_MS));
        assertThat(page.locator("#view-" + view)).isVisible();
    }

    /** Each image's bytes, checked to be a PNG of the given size both as decoded by the browser and by its header. */
    private static List<String> pngs(Locator images, int width, int height) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < images.count(); i++) {
            Locator img = images.nth(i);
            img.evaluate("i => i.decode()");
            assertEquals(width, ((Number) img.evaluate("i => i.naturalWidth")).intValue());
            assertEquals(height, ((Number) img.evaluate("i => i.naturalHeight")).intValue());
            String src = img.getAttribute("src");
            assertEquals(new PngHeader(width, height), PngHeader.of(dataUrl(src)));
            out.add(src);
        }
        return out;
    }

    private static byte[] dataUrl(String src) {
        assertTrue(src.startsWith("data:image/png;base64,"), src.substring(0, Math.min(40, src.length())));
        return Base64.getDecoder().decode(src.substring(src.indexOf(',') + 1));
    }

    /** A 28x28 PNG of a digit, made by the server (the file a user would upload). */
    private Path digitPng(String label) throws Exception {
        JsonNode answer = ExplorerTestServer.json(server.post("/api/generate", "{\"condition\":{\"label_name\":\"" + label + "\"},\"seed\":5}"));
        Path png = dir.resolve("digit-" + label + ".png");
        Files.write(png, Base64.getDecoder().decode(answer.get("images").get(0).get("image").get("data").asText()));
        return png;
    }

    private static JsonNode json(String text) {
        try {
            return ExplorerTestServer.JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private void screenshot(String view) {
        page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("explorer-" + view + ".png")));
    }
}
