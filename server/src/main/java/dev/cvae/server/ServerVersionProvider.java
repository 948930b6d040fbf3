package dev.cvae.server;

import picocli.CommandLine;

/** What {@code cvae-server -V} prints: the name and {@link ServerVersion}. Stateless. */
public final class ServerVersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"cvae-server " + ServerVersion.get()};
    }
}
