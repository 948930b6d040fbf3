package dev.cvae.trainer;

import dev.cvae.trainer.classify.ClassifierOptions;
import dev.cvae.trainer.data.DataSource;
import dev.cvae.trainer.export.ModelTarget;
import dev.cvae.trainer.model.ArchitectureOptions;
import dev.cvae.trainer.train.TrainingOptions;

/**
 * Everything a training run needs, grouped by concern: the data, where the model goes, the networks' shape, how
 * they are fitted (the objective and the run's seed among it), the classifiers beside them, and the command line
 * to record in model.json.
 *
 * @param resume continue a stopped run from its checkpoint ({@link ModelTarget#checkpointDir()})
 */
public record TrainingSpec(DataSource data, ModelTarget target, ArchitectureOptions architecture, TrainingOptions training,
                           ClassifierOptions classifiers, String commandLine, boolean resume) {
    public TrainingSpec {
        if (data == null) throw new IllegalArgumentException("data must be set");
        if (target == null) throw new IllegalArgumentException("target must be set");
        if (architecture == null) throw new IllegalArgumentException("architecture must be set");
        if (training == null) throw new IllegalArgumentException("training must be set");
        if (classifiers == null) throw new IllegalArgumentException("classifiers must be set");
        if (commandLine == null) throw new IllegalArgumentException("commandLine must be set");
    }
}
