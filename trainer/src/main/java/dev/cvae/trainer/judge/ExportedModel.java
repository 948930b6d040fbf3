package dev.cvae.trainer.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvae.trainer.data.ImageShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What an evaluation from the outside needs from a model directory's {@code model.json}, read as the server reads
 * it (as JSON, not through the trainer's classes): the image shape, the latent size, the labels, how c is built
 * and the two ONNX files. Immutable.
 *
 * @param conditioningKind one-hot, binary, scalar or multi-attribute
 * @param attributeCount   attributes in c (1 for a model that leaves them out, which only one-hot models may)
 * @param testNegElbo      the test negative ELBO model.json reports for the exported weights, NaN if it has none
 */
public record ExportedModel(Path directory, String name, ImageShape image, int latentDim, List<String> labelNames,
                            String conditioningKind, int conditioningSize, int attributeCount,
                            String encoderFile, String decoderFile, String outputDistribution, double testNegElbo) {
    public static final String FILE_NAME = "model.json";

    public ExportedModel {
        labelNames = List.copyOf(labelNames);
    }

    /** Reads {@code directory/model.json}; every missing field is named in the error. */
    public static ExportedModel read(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(directory + ": no " + FILE_NAME + " (not a model directory)");
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode image = required(root, "image", file);
        JsonNode conditioning = required(root, "conditioning", file);
        List<String> labels = new ArrayList<>();
        required(root, "labelNames", file).forEach(n -> labels.add(n.asText()));
        JsonNode attributes = conditioning.path("attributes");
        JsonNode networks = required(root, "networks", file);
        return new ExportedModel(directory, required(root, "name", file).asText(),
                new ImageShape(required(image, "channels", file).asInt(), required(image, "height", file).asInt(),
                        required(image, "width", file).asInt()),
                required(root, "latentDim", file).asInt(), labels,
                required(conditioning, "kind", file).asText(), required(conditioning, "size", file).asInt(),
                attributes.isArray() ? attributes.size() : 1,
                required(required(networks, "encoder", file), "file", file).asText(),
                required(required(networks, "decoder", file), "file", file).asText(),
                root.path("architecture").path("outputDistribution").asText("bernoulli"),
                root.path("evaluation").path("testNegElbo").asDouble(Double.NaN));
    }

    /**
     * Fails with a message naming what the model conditions on unless c is the one-hot of one label: prior samples
     * "of a label" mean nothing for a model whose c holds other attributes too.
     */
    public void requireLabelConditioning(String command) {
        if (!"one-hot".equals(conditioningKind) || attributeCount != 1 || conditioningSize != labelNames.size()) {
            throw new IllegalArgumentException(name + " conditions on " + attributeCount + " attribute(s), kind '"
                    + conditioningKind + "', c of size " + conditioningSize + "; '" + command
                    + "' supports only models conditioned on the one-hot of a single label (kind one-hot, size = the "
                    + labelNames.size() + " labels)");
        }
    }

    private static JsonNode required(JsonNode node, String field, Path file) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) throw new IllegalArgumentException(file + ": field '" + field + "' is missing");
        return value;
    }
}
