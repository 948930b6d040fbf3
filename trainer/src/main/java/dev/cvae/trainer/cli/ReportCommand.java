package dev.cvae.trainer.cli;

import dev.cvae.trainer.ReportRun;
import dev.cvae.trainer.data.ImageFolderDataset;
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
                + "needs --data, for its held-out images."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:report written", "1:reading or writing failed",
            "2:bad option, not a model directory, or data that conditions otherwise than the model",
            "3:bad data file (the message names it)"})
public final class ReportCommand implements Callable<Integer> {
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

    @Override
    public Integer call() {
        ReportRun.HeldOutData heldOut = data == null ? null
                : new ReportRun.HeldOutData(data, badImages, OptionChecks.fraction("--validation-split", validationSplit));
        new ReportRun(parent.log()).write(modelDir, heldOut);
        return ExitCodes.OK;
    }
}
