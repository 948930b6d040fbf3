package dev.cvae.server.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.testing.Await;
import dev.cvae.server.testing.BundledModels;
import dev.cvae.server.metrics.ServerMetrics;
import dev.cvae.server.testing.ModelRepositoryDir;
import dev.cvae.server.testing.PrometheusText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Triton's repository layout and version policies, and what the registry does when the repository changes. */
class ModelVersionsTest {
    private static final BatchPolicy POLICY = new BatchPolicy(8, Duration.ZERO, 64, 1);

    @TempDir
    Path root;

    private ModelRegistry registry(VersionPolicy policy) throws Exception {
        return ModelRegistry.load(root, BundledModels.loader(POLICY), policy, "mnist");
    }

    @Test
    void versionDirectoriesAreVersionsAndTheLatestIsServedByDefault() throws Exception {
        ModelRepositoryDir repo = new ModelRepositoryDir(root);
        repo.add("mnist", "mnist/1");
        repo.add("mnist", "mnist/10");
        repo.add("mnist", "mnist/2");
        repo.add("fashion-mnist", "fashion-mnist");
        try (ModelRegistry registry = registry(VersionPolicy.LATEST)) {
            assertEquals(List.of("fashion-mnist", "mnist"), registry.names());
            assertEquals(List.of("10"), registry.versions("mnist"), "10 is later than 2: versions are numbers");
            assertEquals("10", registry.get("mnist").version());
            assertEquals("1", registry.get("fashion-mnist").version(), "a flat directory is model.json's version");
            ModelNotFoundException e = assertThrows(ModelNotFoundException.class, () -> registry.get("mnist", "2"));
            assertEquals("model 'mnist' has no version '2'; served versions: 10", e.getMessage());
            ModelRegistry.Entry two = registry.index().stream().filter(x -> x.path().equals("mnist/2")).findFirst().orElseThrow();
            assertEquals("not selected by the version policy latest", two.reason());
        }
    }

    @Test
    void allAndSpecificPoliciesServeSeveralVersionsAndRequestsMayPickOne() throws Exception {
        ModelRepositoryDir repo = new ModelRepositoryDir(root);
        for (String v : List.of("1", "2", "3")) repo.add("mnist", "mnist/" + v);
        try (ModelRegistry registry = registry(VersionPolicy.parse("all"))) {
            assertEquals(List.of("1", "2", "3"), registry.versions("mnist"));
            assertEquals("3", registry.get("mnist", "").version());
            assertEquals("1", registry.get("mnist", "1").version());
        }
        try (ModelRegistry registry = registry(VersionPolicy.parse("specific:1,3"))) {
            assertEquals(List.of("1", "3"), registry.versions("mnist"));
        }
        try (ModelRegistry registry = registry(VersionPolicy.parse("latest:2"))) {
            assertEquals(List.of("2", "3"), registry.versions("mnist"));
        }
    }

    @Test
    void policiesAreParsedStrictly() {
        assertEquals("latest", VersionPolicy.parse("latest").toString());
        assertEquals("specific:1,3", VersionPolicy.parse("specific: 3, 1").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> VersionPolicy.parse("newest"));
        assertEquals("version policy 'newest' is not latest, latest:N (N >= 1), all or specific:V1,V2,...", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> VersionPolicy.parse("latest:0"));
    }

    @Test
    void aNewVersionIsSwappedInAndTheOldOneDrainsThenCloses() throws Exception {
        ModelRepositoryDir repo = new ModelRepositoryDir(root);
        repo.add("mnist", "mnist/1");
        try (ModelRegistry registry = registry(VersionPolicy.LATEST)) {
            ServedModel one = registry.get("mnist");
            assertTrue(one.tryAcquire(), "a request holds version 1");
            repo.add("mnist", "mnist/2");
            registry.sync();
            assertEquals("2", registry.get("mnist").version());
            assertEquals(ServedModel.State.DRAINING, one.state(), "version 1 waits for the request that holds it");
            assertTrue(!one.tryAcquire(), "a draining version takes no new request");
            one.release();
            Await.until("version 1 is closed", () -> one.state() == ServedModel.State.CLOSED);
        }
    }

    @Test
    void aBadNewVersionIsRefusedAndTheServedOneKeepsServing() throws Exception {
        ModelRepositoryDir repo = new ModelRepositoryDir(root);
        repo.add("mnist", "mnist/1");
        try (ModelRegistry registry = registry(VersionPolicy.LATEST)) {
            ServedModel one = registry.get("mnist");
            repo.addCorrupt("mnist", "mnist/2");
            registry.sync();
            assertEquals("1", registry.get("mnist").version(), "version 2 failed its checks; version 1 serves on");
            assertEquals(ServedModel.State.READY, one.state());
            ModelRegistry.Entry two = registry.index().stream().filter(x -> x.path().equals("mnist/2")).findFirst().orElseThrow();
            assertTrue(two.reason().contains("SHA-256"), two.reason());
        }
    }

    @Test
    void aRemovedDirectoryIsUnloadedAndAnOperatorCanUnloadAndLoadAModel() throws Exception {
        ModelRepositoryDir repo = new ModelRepositoryDir(root);
        repo.add("mnist", "mnist");
        repo.add("fashion-mnist", "fashion-mnist");
        try (ModelRegistry registry = registry(VersionPolicy.LATEST)) {
            ServedModel fashion = registry.get("fashion-mnist");
            assertEquals(List.of("1"), registry.unload("fashion-mnist"));
            assertEquals(List.of("mnist"), registry.names());
            registry.sync();
            assertEquals(List.of("mnist"), registry.names(), "an unloaded model stays unloaded under sync");
            Await.until("the unloaded version is closed", () -> fashion.state() == ServedModel.State.CLOSED);
            assertEquals(List.of("1"), registry.load("fashion-mnist"));
            assertEquals(List.of("fashion-mnist", "mnist"), registry.names());

            repo.remove("fashion-mnist");
            registry.sync();
            assertEquals(List.of("mnist"), registry.names());
            InvalidModelException e = assertThrows(InvalidModelException.class, () -> registry.load("fashion-mnist"));
            assertEquals("model 'fashion-mnist' could not be loaded: no directory in the repository holds it", e.getMessage());
        }
    }

    @Test
    void aVersionReloadedInPlaceKeepsItsMetricsAndStartsHealthy() throws Exception {
        ModelRepositoryDir repo = new ModelRepositoryDir(root);
        Path dir = repo.add("mnist", "mnist");
        ServerMetrics metrics = ServerMetrics.prometheus();
        ModelHealth health = new ModelHealth(1, Duration.ofHours(1));
        try (ModelRegistry registry = ModelRegistry.load(root, BundledModels.loader(POLICY, ModelMonitor.both(metrics.models(), health)),
                VersionPolicy.LATEST, "mnist")) {
            ServedModel before = registry.get("mnist");
            Files.setLastModifiedTime(dir.resolve("model.json"), FileTime.fromMillis(System.currentTimeMillis() + 5_000));
            registry.sync();
            ServedModel after = registry.get("mnist");
            assertTrue(after != before, "the changed directory was loaded again");
            Await.until("the old load is closed", () -> before.state() == ServedModel.State.CLOSED);
            PrometheusText text = PrometheusText.parse(metrics.scrape());
            assertEquals(1, text.value("cvae_model_info", "model", "mnist", "version", "1"), "the reload's series remain");
            assertEquals(0, text.value("cvae_queue_rows", "model", "mnist", "network", "decoder"));
            assertTrue(health.healthy(after));
        } finally {
            health.close();
            metrics.close();
        }
    }

    @Test
    void theWatcherLoadsWhatAppearsWithoutARestart() throws Exception {
        ModelRepositoryDir repo = new ModelRepositoryDir(root);
        repo.add("mnist", "mnist/1");
        try (ModelRegistry registry = registry(VersionPolicy.LATEST);
             RepositoryWatcher watcher = new RepositoryWatcher(registry, Duration.ofMillis(50)).start()) {
            repo.add("mnist", "mnist/2");
            Await.until("version 2 is served", () -> registry.get("mnist").version().equals("2"));
            repo.remove("mnist/2");
            Await.until("version 1 is served again", () -> registry.get("mnist").version().equals("1"));
        }
    }
}
