package dev.cvae.server;

import dev.cvae.server.security.BearerTokenAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Who may call {@code cvae-server}: its bearer-token options, mixed into the command. */
public final class AuthOptions {
    @Option(names = "--auth-tokens", defaultValue = "${env:CVAE_AUTH_TOKENS}", paramLabel = "FILE",
            description = "Require 'authorization: Bearer TOKEN' on every call; lines NAME TOKEN [RIGHTS], TOKEN may be "
                    + "sha256:HEX; reloaded when it changes (CVAE_AUTH_TOKENS; off unless given).")
    Path tokens;

    @Option(names = "--auth-open-services", split = ",", paramLabel = "SERVICE",
            defaultValue = "${env:CVAE_AUTH_OPEN_SERVICES:-grpc.health.v1.Health,grpc.reflection.v1.ServerReflection,"
                    + "grpc.reflection.v1alpha.ServerReflection}",
            description = "Services served without a token, comma-separated; empty for none (CVAE_AUTH_OPEN_SERVICES, "
                    + "default health and reflection).")
    List<String> openServices;

    boolean enabled() {
        return tokens != null;
    }

    /**
     * The interceptor, when {@code --auth-tokens} is given; it watches the file until closed.
     *
     * @throws IllegalArgumentException naming the file (and line) that cannot be used
     */
    Optional<BearerTokenAuth> start(Duration reloadInterval) {
        if (tokens == null) return Optional.empty();
        List<String> open = openServices == null ? List.of() : openServices.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        try {
            return Optional.of(BearerTokenAuth.start(tokens, open, reloadInterval));
        } catch (IOException e) {
            throw new IllegalArgumentException("--auth-tokens: cannot read " + tokens + " (" + e.getMessage() + ")", new UncheckedIOException(e));
        }
    }
}
