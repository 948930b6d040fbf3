package dev.cvae.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.server.security.BearerTokenAuth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** cvae-server's bearer-token options: off by default, health and reflection open by default, a bad file named. */
class AuthOptionsTest {
    @TempDir
    Path dir;

    private static AuthOptions parse(String... args) {
        AuthOptions options = new AuthOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void offUnlessATokenFileIsGivenWithHealthAndReflectionOpenByDefault() {
        AuthOptions none = parse();
        assertFalse(none.enabled());
        assertTrue(none.start(Duration.ofSeconds(1)).isEmpty());
        assertEquals(BearerTokenAuth.DEFAULT_OPEN_SERVICES, none.openServices);
    }

    @Test
    void aTokenFileStartsTheInterceptorAndAMissingOneIsNamed() throws Exception {
        Path tokens = Files.writeString(dir.resolve("tokens"), "ci ci-token-0123456789abcdef\n");
        try (BearerTokenAuth auth = parse("--auth-tokens", tokens.toString(), "--auth-open-services=").start(Duration.ofSeconds(1))
                .orElseThrow()) {
            assertTrue(auth.problem().isEmpty());
        }
        assertEquals(List.of(""), parse("--auth-open-services=").openServices, "empty: no service is open");
        Path missing = dir.resolve("missing");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> parse("--auth-tokens", missing.toString()).start(Duration.ofSeconds(1)));
        assertTrue(e.getMessage().startsWith("--auth-tokens: cannot read " + missing), e.getMessage());
    }
}
