package dev.cvae.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The project version the server was built as, from a resource Maven fills in at build time. */
public final class ServerVersion {
    private static final String VERSION = read();

    private ServerVersion() {
    }

    /** For example {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        return VERSION;
    }

    private static String read() {
        try (InputStream in = ServerVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) throw new IllegalStateException("version.properties is missing from the server's classpath");
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
