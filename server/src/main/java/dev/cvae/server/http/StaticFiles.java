package dev.cvae.server.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The explorer page: plain HTML, CSS and JavaScript modules under {@code explorer/} on the server's class path,
 * served read-only at the root. Only a single path segment of a plain name with a known extension is looked up, so
 * no request reaches another resource; each file is read once. The page's Content-Security-Policy allows only the
 * server itself (scripts, styles, fetches, the WebSocket) and data/blob images. Thread-safe.
 */
final class StaticFiles {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(html|css|js|svg|png)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "svg", "image/svg+xml", "png", "image/png");
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; "
            + "base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

    private final String root;
    private final Map<String, Optional<byte[]>> cache = new ConcurrentHashMap<>();

    /** @param root the class-path folder, for example {@code explorer} */
    StaticFiles(String root) {
        this.root = root;
    }

    /** The file {@code name} (index.html for an empty name), or a 404. */
    Mono<Void> send(String name, HttpServerResponse response) {
        String file = name.isEmpty() ? "index.html" : name;
        Matcher m = NAME.matcher(file);
        Optional<byte[]> bytes = m.matches() ? cache.computeIfAbsent(file, this::read) : Optional.empty();
        if (bytes.isEmpty()) return Replies.problem(response, 404, "NOT_FOUND", "no file '" + Replies.quoted(file) + "' in the explorer");
        response.header(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY).header("Referrer-Policy", "no-referrer");
        return Replies.bytes(response, 200, TYPES.get(m.group(1)), bytes.get());
    }

    private Optional<byte[]> read(String file) {
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(root + "/" + file)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
