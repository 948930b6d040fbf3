package dev.cvae.trainer.cli;

import dev.cvae.trainer.ReportRun;
import dev.cvae.trainer.TrainingRun;
import dev.cvae.trainer.TrainingSpec;
import dev.cvae.trainer.data.DataSource;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code cvae-train train}: fits a conditional VAE and writes its model directory ({@link TrainingRun}). The
 * options come in groups, each a small class of its own; they are attached as non-validating argument groups
 * rather than plain {@code @Mixin}s only so that {@code --help} shows each under its heading.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false, abbreviateSynopsis = true,
        description = "Train a conditional VAE on IDX files, an image folder or a CSV manifest, export encoder and decoder to "
                + "ONNX and write the model directory <out>/<name> with model.json and report/.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:model written", "1:training or writing failed", "2:bad command-line option",
            "3:bad data file (the message names it)"})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ParentCommand
    CvaeTrainCommand parent;

    @ArgGroup(validate = false, heading = "%nData:%n", order = 1)
    final DataMixin data = new DataMixin();

    @ArgGroup(validate = false, heading = "%nArchitecture:%n", order = 2)
    final ArchitectureMixin architecture = new ArchitectureMixin();

    @ArgGroup(validate = false, heading = "%nLoss:%n", order = 3)
    final LossMixin loss = new LossMixin();

    @ArgGroup(validate = false, heading = "%nOptimisation:%n", order = 4)
    final OptimisationMixin optimisation = new OptimisationMixin();

    @ArgGroup(validate = false, heading = "%nClassifiers (auxiliary label loss, label-obedience judge):%n", order = 5)
    final ClassifierMixin classifiers = new ClassifierMixin();

    @ArgGroup(validate = false, heading = "%nOutput:%n", order = 6)
    final OutputMixin output = new OutputMixin();

    @Option(names = "--resume", order = 7,
            description = "Continue a stopped run from its checkpoint (<out>/.<name>.checkpoint, written after every epoch) to the "
                    + "same result as an uninterrupted run.")
    boolean resume;

    @Option(names = "--report-only", order = 8,
            description = "Deprecated: use 'cvae-train report <out>/<name> --data ...'. Does not train: rewrites report/ of the "
                    + "model at <out>/<name>.")
    boolean reportOnly;

    @Override
    public Integer call() {
        if (data.data == null) {
            throw new CommandLine.MissingParameterException(spec.commandLine(), spec.findOption("--data"),
                    "Missing required option: '--data=DIR|FILE.csv'");
        }
        if (reportOnly) {
            spec.commandLine().getErr().println("cvae-train: --report-only is deprecated; use: cvae-train report "
                    + output.toTarget(data.fileName()).modelDir() + " --data " + data.data);
            new ReportRun(parent.log()).write(output.toTarget(data.fileName()).modelDir(),
                    new ReportRun.HeldOutData(data.data, data.badImages, data.validationSplit));
            return ExitCodes.OK;
        }
        TrainingSpec run;
        try {
            DataSource source = data.toDataSource();
            run = new TrainingSpec(source, output.toTarget(data.fileName()), architecture.toArchitectureOptions(),
                    optimisation.toTrainingOptions(loss.toLossSpec()), classifiers.toClassifierOptions(), commandLine(), resume);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        new TrainingRun(parent.log()).run(run);
        return ExitCodes.OK;
    }

    /** The command as a shell would take it again: arguments with spaces or shell characters are quoted. */
    private String commandLine() {
        return ShellCommand.of("cvae-train", spec.commandLine().getParseResult().originalArgs());
    }
}
