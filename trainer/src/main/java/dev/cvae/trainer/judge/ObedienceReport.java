package dev.cvae.trainer.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of {@link ObedienceEvaluation}: per judge, how many samples of each label it recognised, and its own
 * accuracy on the real test images of each label. Rendered as a markdown table (one row per label, two columns per
 * judge) or as JSON. Immutable.
 */
public record ObedienceReport(String model, List<String> labelNames, int samplesPerLabel, long seed, double temperature,
                              List<JudgeResult> judges) {

    /**
     * @param obedience samples of each label the judge assigned to that label
     * @param realTest  real test images of each label the judge classified correctly
     */
    public record JudgeResult(String judge, LabelAccuracy obedience, LabelAccuracy realTest) {
    }

    public ObedienceReport {
        labelNames = List.copyOf(labelNames);
        judges = List.copyOf(judges);
        for (JudgeResult j : judges) {
            if (j.obedience().labelCount() != labelNames.size() || j.realTest().labelCount() != labelNames.size()) {
                throw new IllegalArgumentException("judge " + j.judge() + " reports " + j.obedience().labelCount()
                        + " labels, the model has " + labelNames.size());
            }
        }
    }

    /** One row per label and one for all labels; per judge, obedience then the judge's accuracy on real test images. */
    public String toMarkdown() {
        StringBuilder out = new StringBuilder("| label | samples |");
        StringBuilder rule = new StringBuilder("| --- | ---: |");
        for (JudgeResult j : judges) {
            out.append(" obeys (").append(j.judge()).append(") | ").append(j.judge()).append(" on real test |");
            rule.append(" ---: | ---: |");
        }
        out.append('\n').append(rule).append('\n');
        for (int label = 0; label < labelNames.size(); label++) {
            out.append("| ").append(labelNames.get(label)).append(" | ").append(samplesPerLabel).append(" |");
            for (JudgeResult j : judges) {
                out.append(' ').append(percent(j.obedience().of(label))).append(" | ").append(percent(j.realTest().of(label)))
                        .append(" (").append(j.realTest().total()[label]).append(") |");
            }
            out.append('\n');
        }
        out.append("| **all** | ").append(samplesPerLabel * labelNames.size()).append(" |");
        for (JudgeResult j : judges) {
            out.append(" **").append(percent(j.obedience().overall())).append("** | ").append(percent(j.realTest().overall())).append(" |");
        }
        return out.append('\n').toString();
    }

    public byte[] toJson() {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = json.createObjectNode();
        root.put("model", model).put("samplesPerLabel", samplesPerLabel).put("seed", seed).put("temperature", temperature);
        ObjectNode overall = root.putObject("overall");
        for (JudgeResult j : judges) {
            overall.putObject(j.judge()).put("obedience", j.obedience().overall()).put("realTestAccuracy", j.realTest().overall());
        }
        ArrayNode labels = root.putArray("labels");
        for (int label = 0; label < labelNames.size(); label++) {
            ObjectNode row = labels.addObject().put("label", labelNames.get(label)).put("samples", samplesPerLabel);
            for (JudgeResult j : judges) {
                row.putObject(j.judge()).put("obedience", j.obedience().of(label)).put("realTestAccuracy", j.realTest().of(label))
                        .put("realTestImages", j.realTest().total()[label]);
            }
        }
        try {
            return json.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }
}
