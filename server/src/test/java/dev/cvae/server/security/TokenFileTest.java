package dev.cvae.server.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file's format, and errors that name the line without ever showing a token. */
class TokenFileTest {
    private static final String ALICE = "alice-token-0123456789abcdef";
    private static final String BOB = "bob-token-0123456789abcdef";

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        return Files.writeString(dir.resolve("tokens"), text);
    }

    static String sha256(String token) {
        return HexFormat.of().formatHex(TokenFile.digest(token));
    }

    @Test
    void plainAndHashedTokensAuthenticateTheirNamesWithTheirRights() throws IOException {
        TokenFile tokens = TokenFile.read(file("""
                # who may call
                alice %s admin

                bob   sha256:%s
                """.formatted(ALICE, sha256(BOB).toUpperCase())));
        assertEquals(new Caller("alice", Set.of(Right.ADMIN)), tokens.authenticate(ALICE).orElseThrow());
        assertEquals(new Caller("bob", Set.of()), tokens.authenticate(BOB).orElseThrow());
        assertFalse(tokens.authenticate("sha256:" + sha256(BOB)).isPresent(), "the digest itself is not a token");
        assertFalse(tokens.authenticate(ALICE + "x").isPresent());
        assertFalse(tokens.authenticate("").isPresent());
    }

    @Test
    void everyMistakeNamesTheFileAndLineAndNeverShowsTheToken() throws IOException {
        String secret = "s3cret-s3cret-s3cret";
        assertRefused("alice " + secret + "\nalice " + BOB, ":2: name 'alice' is already on line 1", secret);
        assertRefused("alice " + secret + "\nbob sha256:" + sha256(secret), ":2: the same token as on line 1", secret);
        assertRefused("alice short", ":1: token of 'alice' has 5 characters, expected at least 16 (make one with: openssl rand -hex 32)", "short");
        assertRefused("alice sha256:abc", ":1: token of 'alice': sha256: must be followed by 64 hex digits, got 3 characters", "abc");
        assertRefused("alice " + secret + " admin,root", ":1: right 'root' is not known, expected admin", secret);
        assertRefused("alice " + secret + " admin extra", ":1: 4 fields, expected NAME TOKEN [RIGHTS]", secret);
        assertRefused("alice", ":1: 1 fields, expected NAME TOKEN [RIGHTS]", null);
        assertRefused("al/ice " + secret, ":1: name 'al/ice' must be 1 to 64 letters, digits or . _ @ -", secret);
        assertRefused("# nobody\n\n", ": no tokens (expected lines NAME TOKEN [RIGHTS]); a server with no token would refuse every call", null);
    }

    private void assertRefused(String text, String expectedEnd, String secret) throws IOException {
        Path f = file(text);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenFile.read(f));
        assertEquals(f + expectedEnd, e.getMessage());
        if (secret != null) assertFalse(e.getMessage().contains(secret), "the message shows the token: " + e.getMessage());
    }
}
