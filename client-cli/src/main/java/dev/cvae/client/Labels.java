package dev.cvae.client;

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

    /** A label name of the model if it is one, else a class index in range. */
    static Condition condition(ModelInfo model, String label, CommandLine cli) {
        if (model.getLabelNamesList().contains(label)) return Condition.newBuilder().setLabelName(label).build();
        try {
            int index = Integer.parseInt(label);
            if (index >= 0 && index < model.getConditioningSize()) return Condition.newBuilder().setClassIndex(index).build();
        } catch (NumberFormatException ignored) {
            // not an index either: reported below
        }
        throw new CommandLine.ParameterException(cli, "--label: '" + label + "' is neither a label of model " + model.getName()
                + " nor a class index 0.." + (model.getConditioningSize() - 1) + "; labels: " + String.join(", ", model.getLabelNamesList()));
    }
}
