package dev.cvae.client;

import dev.cvae.api.v1.LoadModelRequest;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cvae-client models load NAME}: the server loads (or reloads) a model's versions from its repository now. */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load (or reload) a model from the server's repository now; requests in flight finish on the old version.")
public final class ModelLoadCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The model's name.")
    String name;

    @Override
    public Integer call() throws InterruptedException {
        try (ServerSession session = connect()) {
            var versions = session.repository().loadModel(LoadModelRequest.newBuilder().setName(name).build()).getVersionsList();
            if (json()) JsonOption.print(cli().getOut(), Map.of("name", name, "versions", versions));
            else cli().getOut().printf("loaded %s: serving version%s %s%n", name, versions.size() == 1 ? "" : "s", String.join(", ", versions));
            return ExitCodes.OK;
        }
    }
}
