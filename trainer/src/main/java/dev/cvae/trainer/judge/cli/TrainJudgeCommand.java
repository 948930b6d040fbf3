package dev.cvae.trainer.judge.cli;

import dev.cvae.trainer.data.Augmentation;
import dev.cvae.trainer.data.IdxDataset;
import dev.cvae.trainer.judge.CnnArchitecture;
import dev.cvae.trainer.judge.DataFingerprint;
import dev.cvae.trainer.judge.JudgeCard;
import dev.cvae.trainer.judge.JudgeDirectory;
import dev.cvae.trainer.judge.JudgeTrainer;
import dev.cvae.trainer.judge.JudgeTrainingOptions;
import dev.cvae.trainer.judge.LabelAccuracy;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cvae-train judge train}: fits the strong judge on an IDX training split and writes {@code judges/NAME/}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the strong judge (a CNN, with augmentation) on the training split only and write it with its card.")
public final class TrainJudgeCommand implements Callable<Integer> {
    private final PrintStream log;

    @Spec
    CommandSpec spec;

    public TrainJudgeCommand(PrintStream log) {
        this.log = log;
    }

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "IDX directory (train-/t10k- images and labels).")
    Path data;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Judge directory to write, for example judges/mnist-10k.")
    Path output;

    @Option(names = "--dataset-name", description = "Data set name recorded in the card (default: the data directory's name).")
    String datasetName;

    @Option(names = "--label-names", split = ",", paramLabel = "NAME", description = "Class names in label order; their count is the class count.")
    List<String> labelNames;

    @Option(names = "--classes", defaultValue = "10", description = "Class count without --label-names; labels are named 0..N-1 (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--epochs", defaultValue = "30", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "2e-3", description = "Adam's initial step size; it falls linearly to zero (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--validation-split", defaultValue = "0.1",
            description = "Share of the training split held out to choose the kept epoch; 0 keeps the last (default: ${DEFAULT-VALUE}).")
    double validationShare;

    @Option(names = "--conv-channels", split = ",", defaultValue = "32,64,128", description = "Channels of each conv block (default: ${DEFAULT-VALUE}).")
    List<Integer> convChannels;

    @Option(names = "--convs-per-block", defaultValue = "1", description = "3x3 convolutions per block (default: ${DEFAULT-VALUE}).")
    int convsPerBlock;

    @Option(names = "--dense", defaultValue = "128", description = "Width of the dense layer (default: ${DEFAULT-VALUE}).")
    int dense;

    @Option(names = "--dropout", defaultValue = "0.3", description = "Dropout around the dense layer (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--shift", defaultValue = "2", description = "Largest random shift, pixels (default: ${DEFAULT-VALUE}).")
    double shift;

    @Option(names = "--rotation", defaultValue = "10", description = "Largest random rotation, degrees (default: ${DEFAULT-VALUE}).")
    double rotation;

    @Option(names = "--elastic-alpha", defaultValue = "30", description = "Elastic distortion scale, pixels; 0 = off (default: ${DEFAULT-VALUE}).")
    double elasticAlpha;

    @Option(names = "--elastic-sigma", defaultValue = "4", description = "Elastic distortion smoothness, pixels (default: ${DEFAULT-VALUE}).")
    double elasticSigma;

    @Option(names = "--mirror", description = "Mirror each training image left to right with probability 1/2: for classes "
            + "that do not depend on it, such as clothes; not for digits.")
    boolean mirror;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for weights, split, order and distortions (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resume", description = "Continue a stopped run from its checkpoint (.NAME.checkpoint beside --output, written after every epoch).")
    boolean resume;

    @Override
    public Integer call() {
        List<String> names = labelNames != null ? labelNames : IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        JudgeTrainingOptions options = new JudgeTrainingOptions(
                new CnnArchitecture(convChannels, convsPerBlock, dense, dropout), epochs, batchSize, learningRate,
                validationShare, new Augmentation(shift, rotation, elasticAlpha, elasticSigma, mirror), seed);
        IdxDataset dataset = IdxDataset.load(data, names.size());
        Map<String, String> fingerprint = DataFingerprint.of(data);
        Path checkpoint = output.toAbsolutePath().normalize().resolveSibling("." + output.getFileName() + ".checkpoint");
        JudgeTrainer.Result result = new JudgeTrainer(log).train(dataset.train(), dataset.test(), options, checkpoint, resume);
        LabelAccuracy test = LabelAccuracy.of(result.judge(), dataset.test());
        Map<String, Double> perLabel = new LinkedHashMap<>();
        for (int label = 0; label < names.size(); label++) perLabel.put(names.get(label), test.of(label));
        double secondsPerEpoch = result.epochs().stream().mapToDouble(JudgeTrainer.Epoch::seconds).average().orElse(0);
        JudgeCard card = new JudgeCard(JudgeCard.FORMAT_VERSION,
                datasetName != null ? datasetName : data.toAbsolutePath().normalize().getFileName().toString(),
                data.toString(), fingerprint, names,
                new JudgeCard.Image(dataset.train().shape().channels(), dataset.train().shape().height(), dataset.train().shape().width()),
                options.architecture().describe(), result.judge().parameterCount(), new JudgeCard.Weights(JudgeDirectory.WEIGHTS, ""),
                new JudgeCard.Training(JudgeCommand.recordedCommand(spec),
                        seed, epochs, batchSize, learningRate, "linear", validationShare, result.trainImages(),
                        result.validationImages(), options.augmentation(), result.keptEpoch(), round(secondsPerEpoch, 1),
                        Nd4j.getBackend().getClass().getSimpleName()),
                result.epochs().stream().map(e -> new JudgeCard.EpochRecord(e.epoch(), round(e.trainLoss(), 4),
                        Double.isNaN(e.validationAccuracy()) ? null : e.validationAccuracy(), e.testAccuracy(), round(e.seconds(), 1))).toList(),
                new JudgeCard.TestAccuracy(dataset.test().size(), test.overall(), perLabel), Instant.now().toString());
        JudgeDirectory.write(output, result.judge(), card);
        JudgeTrainer.deleteCheckpoint(checkpoint);
        log.printf("judge: test accuracy %.4f (kept epoch %d); per label:%n", test.overall(), result.keptEpoch());
        perLabel.forEach((name, acc) -> log.printf("  %-12s %.4f%n", name, acc));
        log.printf("judge: wrote %s%n", output);
        return JudgeCommand.EXIT_OK;
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

}
