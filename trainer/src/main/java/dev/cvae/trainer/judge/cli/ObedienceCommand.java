package dev.cvae.trainer.judge.cli;

import dev.cvae.trainer.judge.ExportedModel;
import dev.cvae.trainer.judge.JudgePanel;
import dev.cvae.trainer.judge.ObedienceReport;
import dev.cvae.trainer.judge.OnnxCvae;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cvae-train judge obedience MODEL_DIR --judge judges/NAME}: decodes prior samples of every label with the
 * model's exported decoder and lets the strong judge and the nearest-neighbour judge say what they show.
 */
@Command(name = "obedience", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Share of decoded prior samples that two independent judges (the strong CNN and k nearest neighbours) "
                + "assign to the requested label, beside each judge's accuracy on real test images of that label.")
public final class ObedienceCommand implements Callable<Integer> {
    private final PrintStream log;

    public ObedienceCommand(PrintStream log) {
        this.log = log;
    }

    @Mixin
    ModelEvaluationOptions modelOptions;

    @Option(names = "--judge", required = true, paramLabel = "DIR", description = "Judge directory written by 'judge train' or 'judge ensemble'.")
    Path judgeDir;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The judge's IDX data (the kNN judge's neighbours and the real test images); default: the directory its card names.")
    Path data;

    @Option(names = "--samples-per-label", defaultValue = "1000", description = "Prior samples decoded per label (default: ${DEFAULT-VALUE}).")
    int samplesPerLabel;

    @Option(names = "--knn", defaultValue = "5", description = "Neighbours that vote in the second judge (default: ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the prior samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--temperature", defaultValue = "1", paramLabel = "T",
            description = "Prior samples from N(0, T^2 I), as the server's generate temperature; in (0, 2] (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Override
    public Integer call() {
        ExportedModel model = modelOptions.labelConditionedModel("judge obedience");
        long start = System.nanoTime();
        JudgePanel panel = JudgePanel.open(judgeDir, data, neighbours, model);
        ObedienceReport report;
        try (OnnxCvae cvae = modelOptions.open(model)) {
            report = panel.obedience(cvae, samplesPerLabel, seed, temperature);
        }
        log.printf("%s: %,d prior samples per label, seed %d, temperature %s; judges: cnn (%s), %s (pixels, %,d training images); %.0f s%n%n",
                model.name(), samplesPerLabel, seed, temperature, judgeDir, panel.judges().get(1).name(), panel.data().train().size(),
                (System.nanoTime() - start) / 1e9);
        log.print(report.toMarkdown());
        modelOptions.writeJson(report.toJson());
        return JudgeCommand.EXIT_OK;
    }
}
