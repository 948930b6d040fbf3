package dev.cvae.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The project version the API (and the server and client built with it) was built as, from a resource Maven fills
 * in at build time; what {@code -V} prints and the Open Inference Protocol's ServerMetadata reports. Fails loudly
 * when the resource is missing or was not filtered.
 */
public final class ProjectVersion {
    private static final String VERSION = read();

    private ProjectVersion() {
    }

    /** For example {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = ProjectVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) throw new IllegalStateException("version.properties is missing from the classpath");
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "");
            if (v.isBlank() || v.contains("${")) throw new IllegalStateException("version.properties was not filtered: '" + v + "'");
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
