package dev.cvae.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The bearer tokens a server accepts, read from a file of lines {@code NAME TOKEN [RIGHTS]}: a name for logs and
 * errors, the token itself or {@code sha256:HEX} (its SHA-256, so that the file need not hold the secret), and
 * optionally rights separated by commas ({@code admin}). Blank lines and lines starting with {@code #} are
 * skipped. Only SHA-256 digests are kept in memory, and a presented token is compared with every one of them in
 * constant time. Immutable.
 */
public record TokenFile(List<Entry> entries) {
    /** Plain tokens shorter than this are refused: {@code openssl rand -hex 32} makes a good one. */
    static final int MIN_TOKEN_LENGTH = 16;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final String SHA256 = "sha256:";

    /** One line: whose token, its SHA-256, and its rights. */
    public record Entry(String name, byte[] digest, Set<Right> rights) {
        public Entry {
            digest = digest.clone();
            rights = rights.isEmpty() ? Set.of() : Set.copyOf(rights);
        }

        @Override
        public byte[] digest() {
            return digest.clone();
        }
    }

    public TokenFile {
        entries = List.copyOf(entries);
    }

    /**
     * @throws IllegalArgumentException naming the file and the line, never echoing a token
     */
    public static TokenFile read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> digests = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = file + ":" + (i + 1) + ": ";
            Entry entry;
            try {
                entry = parse(line);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            Integer sameName = names.putIfAbsent(entry.name(), i + 1);
            if (sameName != null) throw new IllegalArgumentException(where + "name '" + entry.name() + "' is already on line " + sameName);
            Integer sameToken = digests.putIfAbsent(HexFormat.of().formatHex(entry.digest()), i + 1);
            if (sameToken != null) throw new IllegalArgumentException(where + "the same token as on line " + sameToken);
            entries.add(entry);
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(file + ": no tokens (expected lines NAME TOKEN [RIGHTS]); a server with no "
                    + "token would refuse every call");
        }
        return new TokenFile(entries);
    }

    private static Entry parse(String line) {
        String[] fields = line.split("\\s+");
        if (fields.length < 2 || fields.length > 3) {
            throw new IllegalArgumentException(fields.length + " fields, expected NAME TOKEN [RIGHTS]");
        }
        String name = fields[0];
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name '" + (name.length() > 64 ? name.substring(0, 64) + "..." : name)
                    + "' must be 1 to 64 letters, digits or . _ @ -");
        }
        String token = fields[1];
        byte[] digest;
        if (token.startsWith(SHA256)) {
            String hex = token.substring(SHA256.length());
            if (!HEX.matcher(hex).matches()) {
                throw new IllegalArgumentException("token of '" + name + "': sha256: must be followed by 64 hex digits, got "
                        + hex.length() + " characters");
            }
            digest = HexFormat.of().parseHex(hex);
        } else {
            if (token.length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("token of '" + name + "' has " + token.length() + " characters, expected at "
                        + "least " + MIN_TOKEN_LENGTH + " (make one with: openssl rand -hex 32)");
            }
            if (!token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("token of '" + name + "' must be printable ASCII (it travels in an HTTP header)");
            }
            digest = digest(token);
        }
        Set<Right> rights = EnumSet.noneOf(Right.class);
        if (fields.length == 3) {
            for (String right : fields[2].split(",")) rights.add(Right.parse(right));
        }
        return new Entry(name, digest, rights);
    }

    /**
     * The caller whose token this is. Every entry is compared, in constant time, whichever matches: the time
     * taken says nothing about which token, or how much of one, was right.
     */
    public Optional<Caller> authenticate(String token) {
        byte[] presented = digest(token);
        Entry found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest, presented)) found = e;
        }
        return found == null ? Optional.empty() : Optional.of(new Caller(found.name(), found.rights()));
    }

    static byte[] digest(String token) {
        return WatchedFiles.sha256().digest(token.getBytes(StandardCharsets.UTF_8));
    }
}
