package dev.cvae.server;

import dev.cvae.api.ProjectVersion;
import picocli.CommandLine;

/** What {@code cvae-server -V} prints: the name and {@link ProjectVersion}. Stateless. */
public final class ServerVersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"cvae-server " + ProjectVersion.get()};
    }
}
