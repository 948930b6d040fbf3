package dev.cvae.client;

import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.ModelInfo;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cvae-client generate}: new images of one label, or of every label ({@code --label all}, one row per
 * label), written as a PNG grid and optionally as a NumPy array of the float pixels.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate images of a label (or of all labels, one row each) and write them as a PNG grid.")
public final class GenerateCommand extends ClientCommand {
    @Option(names = "--label", required = true, description = "Label name (e.g. 3, Dress), class index, or 'all'.")
    String label;

    @Option(names = "--count", defaultValue = "16", description = "Images per label (default 16).")
    int count;

    @Option(names = "--seed", description = "Seed: the same seed gives the same images (default: random, printed).")
    Long seed;

    @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature in (0, 2]: latents from N(0, T^2 I); lower gives more"
            + " typical images, less variety (default: the model's, see 'models').")
    Float temperature;

    @Option(names = "--same-z", description = "Decode the same latent vectors under every label: style kept, class changed.")
    boolean sameZ;

    @Option(names = "--scale", defaultValue = "2", description = "Upscale factor of the grid (default 2).")
    int scale;

    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "Where to write the PNG grid.")
    File out;

    @Option(names = "--raw", paramLabel = "FILE.npy", description = "Also save the float pixels as a NumPy array [labels, count, C, H, W] (or [count, C, H, W]).")
    File raw;

    @Override
    public Integer call() throws Exception {
        CommandLine cli = cli();
        if (count < 1) throw new CommandLine.ParameterException(cli, "--count must be >= 1, got " + count);
        if (scale < 1) throw new CommandLine.ParameterException(cli, "--scale must be >= 1, got " + scale);
        try (ServerSession session = connect()) {
            ModelInfo model = session.model();
            boolean all = label.equals("all");
            if (all && (model.getAttributesCount() > 1 || model.getLabelNamesCount() == 0)) {
                throw new CommandLine.ParameterException(cli, "--label all: model " + model.getName()
                        + " is not conditioned on one class attribute; name a condition, e.g. "
                        + String.join(",", model.getAttributesList().stream().map(a -> a.getName() + "=VALUE").toList()));
            }
            List<String> labels = all ? model.getLabelNamesList() : List.of(label);
            long base = seed != null ? seed : ThreadLocalRandom.current().nextLong(1L << 48);
            int pixels = model.getImageShape().getChannels() * model.getImageShape().getHeight() * model.getImageShape().getWidth();
            float[] values = new float[labels.size() * count * pixels];
            List<BufferedImage> pictures = new ArrayList<>();
            for (int row = 0; row < labels.size(); row++) {
                Condition condition = Labels.condition(model, labels.get(row), cli);
                long rowSeed = sameZ || !all ? base : base + row;
                GenerateRequest.Builder request = GenerateRequest.newBuilder().setModel(model.getName())
                        .setCondition(condition).setCount(count).setSeed(rowSeed).setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32);
                if (temperature != null) request.setTemperature(temperature);
                GenerateResponse response = session.blocking().generate(request.build());
                for (int i = 0; i < count; i++) {
                    float[] px = Images.floats(response.getImages(i).getImage().getData());
                    System.arraycopy(px, 0, values, (row * count + i) * pixels, pixels);
                    pictures.add(Images.picture(px, model.getImageShape()));
                }
            }
            int columns = all ? count : ImageGrid.squareColumns(count);
            ImageIO.write(ImageGrid.tile(pictures, columns, scale), "png", out);
            var shape = model.getImageShape();
            if (raw != null) {
                int[] dims = all ? new int[] {labels.size(), count, shape.getChannels(), shape.getHeight(), shape.getWidth()}
                        : new int[] {count, shape.getChannels(), shape.getHeight(), shape.getWidth()};
                NpyWriter.write(raw.toPath(), values, dims);
            }
            report(model, labels, base);
            return ExitCodes.OK;
        }
    }

    private void report(ModelInfo model, List<String> labels, long base) {
        if (json()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("model", model.getName());
            result.put("labels", labels);
            result.put("count", count);
            result.put("seed", base);
            result.put("temperature", temperature != null ? temperature : model.getDefaultTemperature());
            result.put("sameZ", sameZ);
            result.put("out", out.toString());
            if (raw != null) result.put("raw", raw.toString());
            JsonOption.print(cli().getOut(), result);
        } else {
            cli().getOut().printf("wrote %d images of %s from model %s (seed %d) to %s%s%n", labels.size() * count,
                    labels.size() == 1 ? "'" + labels.get(0) + "'" : labels.size() + " labels", model.getName(), base, out,
                    raw != null ? " and " + raw : "");
        }
    }
}
