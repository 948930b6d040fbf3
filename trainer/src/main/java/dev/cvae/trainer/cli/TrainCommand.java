package dev.cvae.trainer.cli;

import dev.cvae.trainer.TrainingRun;
import dev.cvae.trainer.data.Attribute;
import dev.cvae.trainer.data.CsvManifestDataset;
import dev.cvae.trainer.data.IdxFormatException;
import dev.cvae.trainer.data.ImageFolderDataset;
import dev.cvae.trainer.model.ArchitectureOptions;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.LossSpec;
import dev.cvae.trainer.train.TrainingOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cvae-train}: fits a conditional VAE on an IDX data set and writes an ONNX model directory. */
@Command(name = "cvae-train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train a conditional VAE on IDX files, an image folder or a CSV manifest and export encoder and decoder to ONNX.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:model written", "1:training or writing failed", "2:bad command-line option",
            "3:bad data file (the message names it)"})
public final class TrainCommand implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_BAD_DATA = 3;

    @Spec
    CommandSpec spec;

    private final PrintStream log;

    public TrainCommand(PrintStream log) {
        this.log = log;
    }

    @Option(names = "--data", required = true, paramLabel = "DIR|FILE.csv",
            description = "IDX directory (train-/t10k- images and labels, gzipped or not), image folder (one sub-folder per class, "
                    + "optionally under train/ and test/), or CSV manifest (path column plus one column per attribute).")
    Path data;

    @Option(names = "--attribute-type", paramLabel = "NAME=TYPE",
            description = "Make an attribute binary or scalar instead of categorical (repeatable). CSV: any attribute column; "
                    + "IDX and image folders: label=binary for two classes.")
    Map<String, String> attributeTypes = new LinkedHashMap<>();

    @Option(names = "--out", defaultValue = "models", paramLabel = "DIR", description = "Parent of the model directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Model name and directory name (default: the data directory's name).")
    String name;

    @Option(names = "--model-version", defaultValue = "1", description = "Version recorded in model.json (default: ${DEFAULT-VALUE}).")
    String modelVersion;

    @Option(names = "--dataset-name", description = "Data set name recorded in model.json (default: the data directory's name).")
    String datasetName;

    @Option(names = "--label-names", split = ",", paramLabel = "NAME",
            description = "Class names in label order, comma-separated; their count is the class count.")
    List<String> labelNames;

    @Option(names = "--classes", defaultValue = "10", description = "Class count when --label-names is not given; labels are named 0..N-1 (default: ${DEFAULT-VALUE}).")
    int classes;

    @Option(names = "--image-size", defaultValue = "28x28", paramLabel = "HxW",
            description = "Image-folder data: resize every image to this height x width (default: ${DEFAULT-VALUE}).")
    String imageSize;

    @Option(names = "--channels", defaultValue = "1", description = "Image-folder data: 1 (grayscale) or 3 (RGB) (default: ${DEFAULT-VALUE}).")
    int channels;

    @Option(names = "--bad-images", defaultValue = "fail", paramLabel = "fail|skip",
            description = "Image-folder data: unreadable images are listed, then fail the run or are skipped (default: ${DEFAULT-VALUE}).")
    String badImages;

    @Option(names = "--validation-split", defaultValue = "0.1",
            description = "Image-folder data without train/ and test/ folders: share of images held out (default: ${DEFAULT-VALUE}).")
    double validationSplit;

    @Option(names = "--arch", defaultValue = "mlp", paramLabel = "mlp|conv",
            description = "mlp: dense layers on the flat image; conv: stride-2 convolutions down, transposed convolutions up (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--conv-channels", split = ",", defaultValue = "32,64",
            description = "conv: channels of each stride-2 4x4 convolution; each halves the image, so the sides must divide by 2^count (default: ${DEFAULT-VALUE}).")
    List<Integer> convChannels;

    @Option(names = "--label-embedding", defaultValue = "0",
            description = "Width of a learned embedding of the conditioning vector in each network; 0 feeds it as it is (default: ${DEFAULT-VALUE}).")
    int labelEmbedding;

    @Option(names = "--latent", defaultValue = "8", description = "Latent dimensions (default: ${DEFAULT-VALUE}).")
    int latent;

    @Option(names = "--encoder-hidden", split = ",", defaultValue = "512,256", description = "Encoder hidden widths (default: ${DEFAULT-VALUE}).")
    List<Integer> encoderHidden;

    @Option(names = "--decoder-hidden", split = ",", defaultValue = "256,512", description = "Decoder hidden widths (default: ${DEFAULT-VALUE}).")
    List<Integer> decoderHidden;

    @Option(names = "--epochs", defaultValue = "40", description = "Training epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--lr-schedule", defaultValue = "constant", paramLabel = "constant|linear",
            description = "constant, or linear: the learning rate falls linearly to zero over --epochs (default: ${DEFAULT-VALUE}).")
    String lrSchedule;

    @Option(names = "--recon", defaultValue = "bernoulli", paramLabel = "bernoulli|gaussian",
            description = "Reconstruction likelihood: bernoulli (BCE) or gaussian (squared error, --gaussian-sigma) (default: ${DEFAULT-VALUE}).")
    String recon;

    @Option(names = "--gaussian-sigma", defaultValue = "0.1", description = "Standard deviation of the Gaussian likelihood, in pixel units (default: ${DEFAULT-VALUE}).")
    double gaussianSigma;

    @Option(names = "--kl-weight", defaultValue = "1", description = "Weight (beta) of the KL term (default: ${DEFAULT-VALUE}).")
    double klWeight;

    @Option(names = "--kl-warmup-epochs", defaultValue = "0", description = "Raise the KL weight linearly from 0 over this many epochs; 0 = no warm-up (default: ${DEFAULT-VALUE}).")
    int klWarmupEpochs;

    @Option(names = "--free-bits", defaultValue = "0", description = "Nats per latent dimension the KL term does not penalise; 0 = off (default: ${DEFAULT-VALUE}).")
    double freeBits;

    @Option(names = "--aux-weight", defaultValue = "3",
            description = "Weight of the auxiliary label loss that keeps samples true to their label; 0 turns it off (default: ${DEFAULT-VALUE}).")
    double auxWeight;

    @Option(names = "--aux-hidden", defaultValue = "256", description = "Hidden width of the auxiliary MLP classifier (default: ${DEFAULT-VALUE}).")
    int auxHidden;

    @Option(names = "--classifier-epochs", defaultValue = "3", description = "Epochs for the judge and auxiliary classifiers (default: ${DEFAULT-VALUE}).")
    int classifierEpochs;

    @Option(names = "--samples-per-label", defaultValue = "200", description = "Generated samples per label for the label-obedience check (default: ${DEFAULT-VALUE}).")
    int samplesPerLabel;

    @Option(names = "--patience", defaultValue = "0",
            description = "Early stopping: stop after this many epochs without a better test loss and export the best epoch; 0 = off (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--resume", description = "Continue a stopped run from its checkpoint (<out>/.<name>.checkpoint, written after every epoch) to the same result as an uninterrupted run.")
    boolean resume;

    @Option(names = "--report-only",
            description = "Do not train: (re)write report/ of the model already at <out>/<name> from its files and the held-out data of --data.")
    boolean reportOnly;

    @Option(names = "--train-limit", defaultValue = "" + Integer.MAX_VALUE, description = "Use at most this many training images (default: all).")
    int trainLimit;

    @Option(names = "--train-metrics-limit", defaultValue = "10000", description = "Train loss is reported over at most this many images (default: ${DEFAULT-VALUE}).")
    int trainMetricsLimit;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for weights, order and noise; the same seed repeats a run (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        String dirName = data.toAbsolutePath().normalize().getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        List<String> names = labelNames != null ? labelNames
                : IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        if (names.isEmpty() || classes < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--classes must be >= 1, got " + classes);
        }
        TrainingRun.Spec run;
        try {
            TrainingOptions options = new TrainingOptions(epochs, batchSize, learningRate,
                    TrainingOptions.LrSchedule.fromId(lrSchedule), lossSpec(), seed,
                    trainMetricsLimit, patience);
            run = new TrainingRun.Spec(data, datasetName != null ? datasetName : dirName, names, out,
                    name != null ? name : dirName, modelVersion, architectureOptions(), options,
                    classifierEpochs, auxHidden, samplesPerLabel, trainLimit, commandLine(), folderOptions(), resume,
                    attributeTypes());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (reportOnly) {
            new TrainingRun(log).writeReport(run);
        } else {
            new TrainingRun(log).run(run);
        }
        return EXIT_OK;
    }

    private Map<String, Attribute.Type> attributeTypes() {
        Map<String, Attribute.Type> types = new LinkedHashMap<>();
        attributeTypes.forEach((name, type) -> {
            try {
                types.put(name, Attribute.Type.fromId(type));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--attribute-type " + name + "=" + type + ": " + e.getMessage());
            }
        });
        return types;
    }

    /** --arch and the widths; the data decides the image shape and conditioning size later. */
    private ArchitectureOptions architectureOptions() {
        CvaeArchitecture.Kind kind = CvaeArchitecture.Kind.fromId(arch);
        if (labelEmbedding < 0) throw new IllegalArgumentException("--label-embedding must be >= 0, got " + labelEmbedding);
        if (latent < 1) throw new IllegalArgumentException("--latent must be >= 1, got " + latent);
        return new ArchitectureOptions(kind, kind == CvaeArchitecture.Kind.CONV ? convChannels : List.of(), encoderHidden,
                latent, decoderHidden, labelEmbedding);
    }

    /** The objective from --recon, --gaussian-sigma, --kl-weight, --kl-warmup-epochs, --free-bits, --aux-weight. */
    private LossSpec lossSpec() {
        LossSpec.Reconstruction reconstruction = switch (recon) {
            case "bernoulli" -> LossSpec.Reconstruction.BERNOULLI;
            case "gaussian" -> LossSpec.Reconstruction.GAUSSIAN;
            default -> throw new IllegalArgumentException("--recon '" + recon + "' is not bernoulli or gaussian");
        };
        return new LossSpec(reconstruction, gaussianSigma, klWeight, klWarmupEpochs, freeBits, auxWeight);
    }

    /** How image-folder data is read; --label-names does not apply to it. */
    private TrainingRun.FolderOptions folderOptions() {
        if (labelNames != null && ImageFolderDataset.isImageFolder(data)) {
            throw new IllegalArgumentException("--label-names: image-folder data is labelled by its sub-folder names");
        }
        if (labelNames != null && CsvManifestDataset.isManifest(data)) {
            throw new IllegalArgumentException("--label-names: a CSV manifest names its values itself");
        }
        if (!(validationSplit > 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("--validation-split must be between 0 and 1, got " + validationSplit);
        }
        ImageFolderDataset.BadImages policy = switch (badImages) {
            case "fail" -> ImageFolderDataset.BadImages.FAIL;
            case "skip" -> ImageFolderDataset.BadImages.SKIP;
            default -> throw new IllegalArgumentException("--bad-images '" + badImages + "' is not fail or skip");
        };
        return new TrainingRun.FolderOptions(imageShape(), policy, validationSplit);
    }

    private dev.cvae.trainer.data.ImageShape imageShape() {
        String[] hw = imageSize.toLowerCase(java.util.Locale.ROOT).split("x");
        try {
            if (hw.length != 2 || (channels != 1 && channels != 3)) throw new NumberFormatException();
            return new dev.cvae.trainer.data.ImageShape(channels, Integer.parseInt(hw[0]), Integer.parseInt(hw[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--image-size '" + imageSize + "' must be HxW and --channels 1 or 3 (got " + channels + ")");
        }
    }

    /** The command as a shell would take it again: arguments with spaces or shell characters are quoted. */
    private String commandLine() {
        List<String> parts = new ArrayList<>();
        parts.add("cvae-train");
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            parts.add(arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return String.join(" ", parts);
    }

    /** Builds the command line with exit-code mapping: bad data 3, bad options 2, other failures 1. */
    public static CommandLine commandLine(TrainCommand command) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof IdxFormatException) {
                cmd.getErr().println("cvae-train: bad data: " + ex.getMessage());
                return EXIT_BAD_DATA;
            }
            if (ex instanceof IllegalArgumentException) {
                // options that only the data can check (a conv stack that does not tile the images, an unknown attribute)
                cmd.getErr().println("cvae-train: " + ex.getMessage());
                return EXIT_USAGE;
            }
            cmd.getErr().println("cvae-train: failed: " + ex);
            return EXIT_FAILURE;
        });
        return cli;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("judge")) System.exit(dev.cvae.trainer.judge.cli.JudgeCommand.commandLine(System.out).execute(java.util.Arrays.copyOfRange(args, 1, args.length)));
        System.exit(commandLine(new TrainCommand(System.out)).execute(args));
    }
}
