package dev.cvae.server.http;

import dev.cvae.server.model.ServedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The training report a model version's directory may hold ({@code report/}: index.html and PNG figures), read-only.
 * A file is found only by a plain name with a known extension, directly in that folder, as a regular file that is
 * not a link: {@code ..}, a slash, an encoded slash or a link out of the folder never reach another file. Stateless.
 */
final class ReportFiles {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}\\.(png|html|svg|json|csv|txt)");
    private static final Map<String, String> TYPES = Map.of("png", "image/png", "html", "text/html; charset=utf-8",
            "svg", "image/svg+xml", "json", "application/json", "csv", "text/csv; charset=utf-8", "txt", "text/plain; charset=utf-8");
    /** Larger files are not served: a report's figures are tens of kilobytes. */
    static final long MAX_BYTES = 16L << 20;

    /** A report file found: where it is and how it is sent. */
    record Found(Path path, String contentType) {
    }

    /** The report's files a page may show, sorted (empty when the version has no report). */
    List<String> list(ServedModel model) {
        Optional<Path> dir = folder(model);
        if (dir.isEmpty()) return List.of();
        try (Stream<Path> files = Files.list(dir.get())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> find(model, n).isPresent()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The file {@code name} of the version's report, when it is one (see the class comment). */
    Optional<Found> find(ServedModel model, String name) {
        Matcher m = NAME.matcher(name);
        Optional<Path> dir = folder(model);
        if (!m.matches() || dir.isEmpty()) return Optional.empty();
        Path file = dir.get().resolve(name);
        try {
            if (!file.getParent().equals(dir.get()) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                    || Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(new Found(file, TYPES.get(m.group(1))));
    }

    private static Optional<Path> folder(ServedModel model) {
        return model.directory().map(d -> d.resolve("report")).filter(d -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS));
    }
}
