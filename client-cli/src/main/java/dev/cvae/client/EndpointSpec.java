package dev.cvae.client;

import com.google.protobuf.ByteString;
import dev.cvae.api.v1.Endpoint;
import dev.cvae.api.v1.FloatVector;
import dev.cvae.api.v1.Image;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.ModelInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * One end of an interpolation on the command line: {@code LABEL:seed=N}, {@code LABEL:image=FILE.png} or
 * {@code LABEL:z=v1,v2,...}.
 */
record EndpointSpec(String label, String kind, String value) {
    private static final String[] KINDS = {"seed", "image", "z"};

    static EndpointSpec parse(String option, String text, CommandLine cli) {
        for (String kind : KINDS) {
            int at = text.indexOf(":" + kind + "=");
            if (at > 0) return new EndpointSpec(text.substring(0, at), kind, text.substring(at + kind.length() + 2));
        }
        throw new CommandLine.ParameterException(cli, option + ": '" + text
                + "' is not LABEL:seed=N, LABEL:image=FILE.png or LABEL:z=v1,v2,...");
    }

    Endpoint toEndpoint(ModelInfo model, String option, CommandLine cli) {
        Endpoint.Builder e = Endpoint.newBuilder().setCondition(Labels.condition(model, label, cli));
        try {
            switch (kind) {
                case "seed" -> e.setSeed(Long.parseLong(value));
                case "image" -> e.setImage(Image.newBuilder().setFormat(ImageFormat.IMAGE_FORMAT_PNG)
                        .setData(ByteString.copyFrom(Files.readAllBytes(Path.of(value)))));
                default -> {
                    FloatVector.Builder z = FloatVector.newBuilder();
                    for (String v : value.split(",")) z.addValues(Float.parseFloat(v.trim()));
                    e.setLatent(z);
                }
            }
        } catch (NumberFormatException ex) {
            throw new CommandLine.ParameterException(cli, option + ": '" + value + "' is not a valid " + kind);
        } catch (IOException ex) {
            throw new CommandLine.ParameterException(cli, option + ": cannot read image " + value);
        }
        return e.build();
    }
}
