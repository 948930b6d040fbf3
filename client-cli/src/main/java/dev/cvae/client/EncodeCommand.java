package dev.cvae.client;

import com.google.protobuf.ByteString;
import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.EncodeResponse;
import dev.cvae.api.v1.Image;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.ModelInfo;
import java.io.File;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cvae-client encode}: the posterior q(z | x, c) of an image, optionally its reconstruction. */
@Command(name = "encode", mixinStandardHelpOptions = true, description = "Print mu and logvar of an image's latent code.")
public final class EncodeCommand extends ClientCommand {
    @Option(names = "--image", required = true, paramLabel = "FILE.png", description = "The image (PNG of the model's size).")
    File image;

    @Option(names = "--label", required = true, description = "Its label name or class index.")
    String label;

    @Option(names = "--reconstruct", paramLabel = "FILE.png", description = "Also write the decoded posterior mean.")
    File reconstruct;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = cli();
        if (!image.isFile()) throw new CommandLine.ParameterException(cli, "--image: cannot read " + image);
        try (ServerSession session = connect()) {
            ModelInfo model = session.model();
            EncodeResponse r = session.blocking().encode(EncodeRequest.newBuilder().setModel(model.getName())
                    .setImage(Image.newBuilder().setFormat(ImageFormat.IMAGE_FORMAT_PNG).setData(ByteString.copyFrom(Files.readAllBytes(image.toPath()))))
                    .setCondition(Labels.condition(model, label, cli))
                    .setReconstruct(reconstruct != null).setFormat(ImageFormat.IMAGE_FORMAT_PNG).build());
            if (reconstruct != null) Files.write(reconstruct.toPath(), r.getReconstruction().getData().toByteArray());
            if (json()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("model", r.getModel());
                result.put("mu", r.getMuList());
                result.put("logvar", r.getLogvarList());
                if (reconstruct != null) result.put("reconstruction", reconstruct.toString());
                JsonOption.print(cli.getOut(), result);
            } else {
                cli.getOut().println("mu:     " + format(r.getMuList()));
                cli.getOut().println("logvar: " + format(r.getLogvarList()));
                if (reconstruct != null) cli.getOut().println("wrote the reconstruction to " + reconstruct);
            }
            return ExitCodes.OK;
        }
    }

    static String format(List<Float> values) {
        return values.stream().map(v -> String.format("%.4f", v)).collect(Collectors.joining(", ", "[", "]"));
    }
}
