package dev.cvae.client;

import dev.cvae.api.v1.Attributes;
import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.ListModelsResponse;
import dev.cvae.api.v1.ModelInfo;
import picocli.CommandLine;

/** Resolves a model name and a user's label (a name, or a class index) against what the server serves. */
final class Labels {
    private Labels() {
    }

    static ModelInfo model(ListModelsResponse models, String name, CommandLine cli) {
        String wanted = name.isEmpty() ? models.getDefaultModel() : name;
        return models.getModelsList().stream().filter(m -> m.getName().equals(wanted)).findFirst().orElseThrow(() ->
                new CommandLine.ParameterException(cli, "--model: '" + wanted + "' is not served; served models: "
                        + String.join(", ", models.getModelsList().stream().map(ModelInfo::getName).toList())));
    }

    /**
     * {@code name=value,name=value} names a value for each attribute; otherwise a label name of the model if it
     * is one, a class index in range, or the number for a model with one scalar attribute.
     */
    static Condition condition(ModelInfo model, String label, CommandLine cli) {
        if (label.contains("=")) return Condition.newBuilder().setAttributes(attributes(model, label, cli)).build();
        if (model.getLabelNamesList().contains(label)) return Condition.newBuilder().setLabelName(label).build();
        if (model.getAttributesCount() == 1 && model.getAttributes(0).getType().equals("scalar")) {
            return Condition.newBuilder().setLabelName(label).build(); // the server checks that it is a number
        }
        try {
            int index = Integer.parseInt(label);
            if (index >= 0 && index < model.getLabelNamesCount()) return Condition.newBuilder().setClassIndex(index).build();
        } catch (NumberFormatException ignored) {
            // not an index either: reported below
        }
        if (model.getAttributesCount() > 1) {
            throw new CommandLine.ParameterException(cli, "--label: model " + model.getName() + " has several attributes; give each as "
                    + String.join(",", model.getAttributesList().stream().map(a -> a.getName() + "=VALUE").toList()));
        }
        throw new CommandLine.ParameterException(cli, "--label: '" + label + "' is neither a label of model " + model.getName()
                + " nor a class index 0.." + (model.getLabelNamesCount() - 1) + "; labels: " + String.join(", ", model.getLabelNamesList()));
    }

    /** {@code digit=3,thickness=thick}: the server checks names and values against the model. */
    private static Attributes attributes(ModelInfo model, String text, CommandLine cli) {
        Attributes.Builder b = Attributes.newBuilder();
        for (String part : text.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new CommandLine.ParameterException(cli, "--label: '" + part + "' in '" + text + "' is not NAME=VALUE");
            }
            b.putValues(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        return b.build();
    }

    /** A condition drawn uniformly: a class index for a one-attribute class model, else a value for each attribute. */
    static Condition random(ModelInfo model, java.util.random.RandomGenerator rng) {
        if (model.getAttributesCount() <= 1 && model.getLabelNamesCount() > 0) {
            return Condition.newBuilder().setClassIndex(rng.nextInt(model.getLabelNamesCount())).build();
        }
        Attributes.Builder b = Attributes.newBuilder();
        for (dev.cvae.api.v1.AttributeInfo a : model.getAttributesList()) {
            b.putValues(a.getName(), a.getType().equals("scalar")
                    ? Double.toString(a.getMin() + rng.nextDouble() * (a.getMax() - a.getMin()))
                    : a.getValues(rng.nextInt(a.getValuesCount())));
        }
        return Condition.newBuilder().setAttributes(b).build();
    }
}
