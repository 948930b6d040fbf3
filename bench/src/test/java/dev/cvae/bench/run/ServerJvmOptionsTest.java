package dev.cvae.bench.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The benchmark measures the server as users run it: with the JVM options of the launcher and of the images. */
class ServerJvmOptionsTest {
    /** Tests run in the bench module's directory. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void theLauncherAddsTheOptionsUnlessTheUserChoseACollector() throws IOException {
        String launcher = Files.readString(ROOT.resolve("bin/cvae-server"));
        for (String option : ServerProcess.JVM_OPTIONS) {
            assertTrue(launcher.contains("opts=\"" + option + " $opts\""), "bin/cvae-server must add " + option + " by default:\n" + launcher);
        }
    }

    @Test
    void theServerImagesRunWithTheOptions() throws IOException {
        for (String image : List.of("docker/server.Dockerfile", "docker/server-cuda.Dockerfile")) {
            String entrypoint = Files.readAllLines(ROOT.resolve(image)).stream().filter(l -> l.startsWith("ENTRYPOINT")).findFirst()
                    .orElseThrow(() -> new AssertionError(image + " has no ENTRYPOINT"));
            for (String option : ServerProcess.JVM_OPTIONS) {
                assertTrue(entrypoint.contains("\"" + option + "\""), image + "'s ENTRYPOINT must pass " + option + ": " + entrypoint);
            }
        }
    }
}
