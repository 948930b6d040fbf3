package dev.cvae.client;

import dev.cvae.api.v1.AttributeInfo;
import dev.cvae.api.v1.BatchingPolicy;
import dev.cvae.api.v1.ModelInfo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code cvae-client models}: the served models and their labels. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the served models and their labels; "
        + "index, load and unload manage the server's model repository.",
        subcommands = {ModelIndexCommand.class, ModelLoadCommand.class, ModelUnloadCommand.class})
public final class ModelsCommand extends ClientCommand {
    @Override
    public Integer call() throws InterruptedException {
        try (ServerSession session = connect()) {
            var response = session.models();
            PrintWriter out = cli().getOut();
            if (json()) {
                List<Map<String, Object>> models = new ArrayList<>();
                for (ModelInfo m : response.getModelsList()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("name", m.getName());
                    row.put("version", m.getVersion());
                    row.put("default", m.getName().equals(response.getDefaultModel()));
                    row.put("image", Map.of("channels", m.getImageShape().getChannels(), "height", m.getImageShape().getHeight(),
                            "width", m.getImageShape().getWidth()));
                    row.put("latentDim", m.getLatentDim());
                    row.put("conditioning", Map.of("kind", m.getConditioningKind(), "size", m.getConditioningSize()));
                    row.put("labels", m.getLabelNamesList());
                    List<Map<String, Object>> attributes = new ArrayList<>();
                    for (AttributeInfo a : m.getAttributesList()) {
                        Map<String, Object> attr = new LinkedHashMap<>();
                        attr.put("name", a.getName());
                        attr.put("type", a.getType());
                        if (a.getType().equals("scalar")) {
                            attr.put("min", a.getMin());
                            attr.put("max", a.getMax());
                        } else {
                            attr.put("values", a.getValuesList());
                        }
                        attributes.add(attr);
                    }
                    row.put("attributes", attributes);
                    BatchingPolicy b = m.getBatching();
                    row.put("batching", Map.of("maxBatch", b.getMaxBatch(), "maxDelayUs", b.getMaxDelayUs(),
                            "workers", b.getWorkers(), "maxQueueRows", b.getMaxQueueRows()));
                    row.put("defaultTemperature", m.getDefaultTemperature());
                    models.add(row);
                }
                JsonOption.print(out, Map.of("models", models));
            } else {
                for (ModelInfo m : response.getModelsList()) {
                    BatchingPolicy b = m.getBatching();
                    out.printf("%s%s  version %s  %dx%dx%d  latent %d  %s(%d): %s%n", m.getName(),
                            m.getName().equals(response.getDefaultModel()) ? " (default)" : "", m.getVersion(),
                            m.getImageShape().getChannels(), m.getImageShape().getHeight(), m.getImageShape().getWidth(),
                            m.getLatentDim(), m.getConditioningKind(), m.getConditioningSize(), attributes(m));
                    out.printf("    batching: max %d rows, max delay %d us, %d worker%s, queue %d rows; sampling temperature %s%n",
                            b.getMaxBatch(), b.getMaxDelayUs(), b.getWorkers(), b.getWorkers() == 1 ? "" : "s", b.getMaxQueueRows(),
                            m.getDefaultTemperature());
                }
            }
            return ExitCodes.OK;
        }
    }

    /** "0, 1, ..., 9" for one class attribute; "digit {0, ..., 9}; thickness {thin, thick}; age [0.0, 1.0]" otherwise. */
    private static String attributes(ModelInfo m) {
        if (m.getAttributesCount() == 1 && !m.getAttributes(0).getType().equals("scalar")) {
            return String.join(", ", m.getAttributes(0).getValuesList());
        }
        List<String> parts = new ArrayList<>();
        for (AttributeInfo a : m.getAttributesList()) {
            parts.add(a.getName() + (a.getType().equals("scalar") ? " [" + a.getMin() + ", " + a.getMax() + "]"
                    : " {" + String.join(", ", a.getValuesList()) + "}"));
        }
        return String.join("; ", parts);
    }
}
