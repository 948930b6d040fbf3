package dev.cvae.client;

import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.ListModelsRequest;
import dev.cvae.api.v1.ModelInfo;
import io.grpc.ManagedChannel;
import java.io.File;
import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cvae-client generate}: new images of a label, written as one PNG grid. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate images of a label and write them as a PNG grid.")
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--label", required = true, description = "Label name (e.g. 3, Dress) or class index.")
    String label;

    @Option(names = "--count", defaultValue = "16", description = "Number of images (default 16).")
    int count;

    @Option(names = "--seed", description = "Seed: the same seed gives the same images.")
    Long seed;

    @Option(names = "--scale", defaultValue = "2", description = "Upscale factor of the grid (default 2).")
    int scale;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the PNG grid.")
    File out;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (count < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--count must be >= 1, got " + count);
        if (scale < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--scale must be >= 1, got " + scale);
        ManagedChannel channel = connection.open();
        try {
            var stub = CvaeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(connection.timeoutSeconds(), TimeUnit.SECONDS);
            ModelInfo model = Labels.model(stub.listModels(ListModelsRequest.getDefaultInstance()), connection.model(), spec.commandLine());
            Condition condition = Labels.condition(model, label, spec.commandLine());
            GenerateRequest.Builder request = GenerateRequest.newBuilder().setModel(model.getName()).setCondition(condition).setCount(count);
            if (seed != null) request.setSeed(seed);
            GenerateResponse response = stub.generate(request.build());
            var pngs = response.getImagesList().stream().map(i -> i.getImage().getData().toByteArray()).toList();
            ImageIO.write(ImageGrid.tile(pngs, ImageGrid.squareColumns(pngs.size()), scale), "png", out);
            spec.commandLine().getOut().printf("wrote %d images of '%s' from model %s (seed %d) to %s%n",
                    pngs.size(), label, response.getModel(), response.getSeed(), out);
            return ExitCodes.OK;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
