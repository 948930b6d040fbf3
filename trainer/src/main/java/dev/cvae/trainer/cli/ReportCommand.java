package dev.cvae.trainer.cli;

import dev.cvae.trainer.ModelEvaluation;
import dev.cvae.trainer.ReportRun;
import dev.cvae.trainer.data.ImageFolderDataset;
import dev.cvae.trainer.judge.OnnxCvae;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code cvae-train report MODEL_DIR}: (re)writes a model directory's report/ from its files ({@link ReportRun}). */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rewrite report/ of a model directory from its ONNX files and model.json, without training: loss curves, "
                + "sample grids and, for a 2-dimensional latent, the latent scatter and manifolds. The model's own files stay as they are.",
            "Image size, label names, attribute types and the seed come from model.json; only a model with a 2-dimensional latent "
                + "needs --data, for its held-out images.",
            "With --data or --judge it also measures, through the ONNX files, the importance-weighted bound (IWAE) beside the "
                + "negative ELBO on the held-out images; with --judge, how often prior samples show the requested label by the judge's "
                + "CNN and by k nearest neighbours, each beside its accuracy on real test images. Both are recorded in model.json "
                + "(evaluation.bound, evaluation.independentObedience) and shown in the report; other model.json fields stay."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:report written", "1:reading or writing failed",
            "2:bad option, not a model directory, or data that conditions otherwise than the model",
            "3:bad data file (the message names it)"})
public final class ReportCommand implements Callable<Integer> {
    /** Seed of the posterior and prior samples measured, as {@code cvae-train judge obedience|bound} default to. */
    static final long EVALUATION_SEED = 1;

    @ParentCommand
    CvaeTrainCommand parent;

    @Parameters(paramLabel = "MODEL_DIR", description = "The model directory (model.json, encoder.onnx, decoder.onnx).")
    Path modelDir;

    @Option(names = "--data", paramLabel = "DIR|FILE.csv",
            description = "The data the model was trained on; its held-out images are plotted in the latent scatter.")
    Path data;

    @Option(names = "--validation-split", paramLabel = "SHARE", defaultValue = "0.1",
            description = "As in training: the share of image files held out when the data has no train/test split (default: ${DEFAULT-VALUE}).")
    double validationSplit;

    @Option(names = "--bad-images", defaultValue = "fail", paramLabel = "fail|skip",
            description = "As in training: unreadable image files fail the report or are skipped (default: ${DEFAULT-VALUE}).")
    ImageFolderDataset.BadImages badImages;

    @Option(names = "--judge", paramLabel = "DIR", description = "Judge directory written by 'cvae-train judge train' (or 'judge ensemble'): measure "
            + "label obedience by it and by k nearest neighbours on its training images.")
    Path judge;

    @Option(names = "--judge-data", paramLabel = "DIR", description = "The judge's IDX data, where it is not where judge.json says.")
    Path judgeData;

    @Option(names = "--knn", defaultValue = "5", description = "Neighbours that vote in the second judge (default: ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--samples-per-label", defaultValue = "1000", description = "Prior samples judged per label (default: ${DEFAULT-VALUE}).")
    int samplesPerLabel;

    @Option(names = "--iwae-k", defaultValue = "64",
            description = "Importance samples per held-out image for the bound; 0 skips it (default: ${DEFAULT-VALUE}).")
    int iwaeK;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads for the measurements (default: OMP_NUM_THREADS, else 1).")
    Integer threads;

    @Override
    public Integer call() {
        ReportRun.HeldOutData heldOut = data == null ? null
                : new ReportRun.HeldOutData(data, badImages, OptionChecks.fraction("--validation-split", validationSplit));
        ModelEvaluation.Options evaluation = data == null && judge == null ? null
                : new ModelEvaluation.Options(judge, judgeData, neighbours, samplesPerLabel, iwaeK, EVALUATION_SEED,
                        threads != null ? threads : OnnxCvae.defaultThreads());
        new ReportRun(parent.log()).write(modelDir, heldOut, evaluation);
        return ExitCodes.OK;
    }
}
