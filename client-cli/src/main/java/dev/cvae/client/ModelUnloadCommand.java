package dev.cvae.client;

import dev.cvae.api.v1.UnloadModelRequest;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code cvae-client models unload NAME}: the server stops serving a model until it is loaded again. */
@Command(name = "unload", mixinStandardHelpOptions = true,
        description = "Stop serving a model: requests in flight finish, then its versions close. It stays unloaded until 'models load'.")
public final class ModelUnloadCommand extends ClientCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The model's name.")
    String name;

    @Override
    public Integer call() throws InterruptedException {
        try (ServerSession session = connect()) {
            var versions = session.repository().unloadModel(UnloadModelRequest.newBuilder().setName(name).build()).getVersionsList();
            if (json()) JsonOption.print(cli().getOut(), Map.of("name", name, "versions", versions));
            else cli().getOut().printf("unloaded %s (version%s %s)%n", name, versions.size() == 1 ? "" : "s", String.join(", ", versions));
            return ExitCodes.OK;
        }
    }
}
