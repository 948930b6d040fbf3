package dev.cvae.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark measures the server as users run it: with the JVM options that bin/lib/server-jvm.sh gives
 * bin/cvae-server and the server images' entrypoint. The rule itself runs here, under sh, as they run it.
 */
class ServerJvmOptionsTest {
    /** Tests run in the bench module's directory. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String DEFAULT = String.join(" ", ServerProcess.JVM_OPTIONS);

    /** What server_jvm_options prints with these variables set (and no other JVM option variable). */
    private static String options(Map<String, String> variables) throws IOException, InterruptedException {
        ProcessBuilder sh = new ProcessBuilder("sh", "-c", ". bin/lib/server-jvm.sh; server_jvm_options").directory(ROOT.toFile());
        sh.environment().keySet().removeAll(List.of("CVAE_SERVER_JAVA_OPTS", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"));
        sh.environment().putAll(variables);
        Process p = sh.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void theBenchmarksOptionsAreTheLaunchersDefault() throws Exception {
        assertEquals(DEFAULT, options(Map.of()));
    }

    @Test
    void theUsersOptionsComeAfterTheDefault() throws Exception {
        assertEquals(DEFAULT + " -Xmx1g -Dcvae.x=*", options(Map.of("CVAE_SERVER_JAVA_OPTS", "-Xmx1g -Dcvae.x=*")));
        assertEquals(DEFAULT + " -XX:+UseNUMA -XX:ParallelGCThreads=2 -XX:+UseGCOverheadLimit",
                options(Map.of("CVAE_SERVER_JAVA_OPTS", "-XX:+UseNUMA -XX:ParallelGCThreads=2 -XX:+UseGCOverheadLimit")),
                "options that only mention GC choose no collector");
    }

    @Test
    void aCollectorChosenAnywhereReplacesTheDefaultOne() throws Exception {
        assertEquals("-Xmx1g -XX:+UseG1GC", options(Map.of("CVAE_SERVER_JAVA_OPTS", "-Xmx1g -XX:+UseG1GC")));
        assertEquals("", options(Map.of("JAVA_TOOL_OPTIONS", "-XX:+UseZGC")), "the JVM would refuse two collectors");
        assertEquals("-Xmx2g", options(Map.of("CVAE_SERVER_JAVA_OPTS", "-Xmx2g", "JDK_JAVA_OPTIONS", "-XX:+UseSerialGC")));
    }

    @Test
    void theLauncherAndTheImagesUseTheRule() throws IOException {
        assertTrue(Files.readString(ROOT.resolve("bin/cvae-server")).contains("exec java $(server_jvm_options) -jar"), "bin/cvae-server");
        String entrypoint = Files.readString(ROOT.resolve("docker/bin/cvae-server"));
        assertTrue(entrypoint.contains(". /opt/cvae/server-jvm.sh") && entrypoint.contains("$(server_jvm_options) -jar"), entrypoint);
        for (String image : List.of("docker/server.Dockerfile", "docker/server-cuda.Dockerfile")) {
            List<String> lines = Files.readAllLines(ROOT.resolve(image));
            assertTrue(lines.contains("ENTRYPOINT [\"cvae-server\"]"), image + " must start docker/bin/cvae-server");
            assertTrue(lines.contains("COPY bin/lib/server-jvm.sh ./"), image + " must hold the rule beside the jars");
        }
        assertTrue(Files.readAllLines(ROOT.resolve(".dockerignore")).contains("!bin/lib/server-jvm.sh"), "the rule must reach the build context");
    }
}
