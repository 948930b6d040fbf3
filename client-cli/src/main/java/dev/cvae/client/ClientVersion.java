package dev.cvae.client;

import dev.cvae.api.ProjectVersion;
import picocli.CommandLine;

/** What {@code cvae-client -V} prints: the name and {@link ProjectVersion}. Stateless. */
public final class ClientVersion implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"cvae-client " + ProjectVersion.get()};
    }
}
