package dev.cvae.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code cvae-client -V} prints: the project version the client was built as, from {@code version.properties},
 * a resource Maven fills in at build time. Fails loudly when the resource is missing or was not filtered.
 */
public final class ClientVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"cvae-client " + read()};
    }

    private static String read() {
        try (InputStream in = ClientVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) throw new IllegalStateException("version.properties is missing from the client's classpath");
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
