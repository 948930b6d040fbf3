package dev.cvae.client;

import dev.cvae.api.v1.RepositoryEntry;
import dev.cvae.api.v1.RepositoryIndexRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code cvae-client models index}: every model version in the server's repository, served or not, and why not. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "List every model version in the server's repository, whether it is served, and why not.")
public final class ModelIndexCommand extends ClientCommand {
    @Override
    public Integer call() throws InterruptedException {
        try (ServerSession session = connect()) {
            List<RepositoryEntry> entries = session.repository().repositoryIndex(RepositoryIndexRequest.getDefaultInstance()).getModelsList();
            PrintWriter out = cli().getOut();
            if (json()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (RepositoryEntry e : entries) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", e.getName());
                    row.put("version", e.getVersion());
                    row.put("path", e.getPath());
                    row.put("state", e.getState());
                    row.put("reason", e.getReason());
                    rows.add(row);
                }
                JsonOption.print(out, Map.of("models", rows));
            } else {
                for (RepositoryEntry e : entries) {
                    out.printf("%-24s %-8s %-12s %s%s%n", e.getName().isEmpty() ? "?" : e.getName(), e.getVersion(), e.getState(),
                            e.getPath(), e.getReason().isEmpty() ? "" : "  (" + e.getReason() + ")");
                }
            }
            return ExitCodes.OK;
        }
    }
}
