package dev.cvae.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.testdata.IdxWriter;
import dev.cvae.trainer.testdata.SyntheticStrokes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** cvae-train train, and the old form without a subcommand: exit codes, messages and the model written. */
class TrainCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private final StringWriter out = new StringWriter();

    /** Runs cvae-train as its main method does, with today's or the old (no subcommand) form of the arguments. */
    private int run(String... args) {
        CommandLine cli = CvaeTrainCommand.commandLine(new CvaeTrainCommand(new PrintStream(log, true, StandardCharsets.UTF_8)));
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return CvaeTrainCommand.execute(cli, args);
    }

    @Test
    void badDataFileExitsWith3AndNamesTheFileBeforeTraining() throws Exception {
        Path data = SyntheticStrokes.write(Files.createDirectory(dir.resolve("data")), 40, 8, 1);
        IdxWriter.write(data.resolve("t10k-labels-idx1-ubyte"), IdxWriter.labels(new byte[] {0, 1, 2, 3, 0, 1, 2, 9}), false);
        int exit = run("--data", data.toString(), "--out", dir.resolve("out").toString(), "--classes", "4");
        assertEquals(ExitCodes.BAD_DATA, exit);
        assertTrue(err.toString().contains("t10k-labels-idx1-ubyte: label 9 at index 7 is outside the class count 4"), err.toString());
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("epoch"), "no training started");
        assertFalse(Files.exists(dir.resolve("out")), "no model directory");
    }

    @Test
    void invalidOptionValueExitsWith2AndNamesTheOptionTheValueAndTheRange() {
        assertEquals(ExitCodes.USAGE, run("train", "--data", dir.toString(), "--epochs", "0"));
        assertTrue(err.toString().contains("--epochs must be >= 1, got 0"), err.toString());
        assertEquals(ExitCodes.USAGE, run("train", "--data", dir.toString(), "--kl-weight", "-1"));
        assertTrue(err.toString().contains("--kl-weight must be >= 0, got -1.0"), err.toString());
        assertEquals(ExitCodes.USAGE, run("train", "--data", dir.toString(), "--validation-split", "1.5"));
        assertTrue(err.toString().contains("--validation-split must be between 0 and 1, got 1.5"), err.toString());
        assertEquals(ExitCodes.USAGE, run("train", "--data", dir.toString(), "--classifier-epochs", "0"));
        assertTrue(err.toString().contains("--classifier-epochs must be >= 1, got 0"), err.toString());
        assertEquals(ExitCodes.USAGE, run("train", "--data", dir.toString(), "--image-size", "28by28"));
        assertTrue(err.toString().contains("--image-size '28by28' must be HxW and --channels 1 or 3 (got 1)"), err.toString());
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("data:"), "no data was read");
    }

    @Test
    void trainsOnAnRgbImageFolderAndNamesTheClassesByFolder() throws Exception {
        Path data = Files.createDirectory(dir.resolve("photos"));
        dev.cvae.trainer.testdata.ImageFiles.solid(data, "reds", java.awt.Color.RED, 12, 9, 6, "png");
        dev.cvae.trainer.testdata.ImageFiles.solid(data, "greens", java.awt.Color.GREEN, 12, 5, 5, "jpg");
        Files.writeString(data.resolve("reds/corrupt.png"), "nope");
        int exit = run("--data", data.toString(), "--out", dir.resolve("out").toString(), "--image-size", "6x6",
                "--channels", "3", "--bad-images", "skip", "--validation-split", "0.25", "--epochs", "2",
                "--encoder-hidden", "16", "--decoder-hidden", "16", "--latent", "2", "--classifier-epochs", "1",
                "--samples-per-label", "5", "--aux-hidden", "8");
        assertEquals(ExitCodes.OK, exit, err.toString());
        String json = Files.readString(dir.resolve("out/photos/model.json"));
        assertTrue(json.contains("\"labelNames\" : [ \"greens\", \"reds\" ]"), json);
        assertTrue(json.contains("\"channels\" : 3"), json);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("unreadable image: " + data.resolve("reds/corrupt.png")));
        assertEquals(ExitCodes.USAGE, run("--data", data.toString(), "--label-names", "a,b"));
        assertTrue(err.toString().contains("--label-names: image-folder data is labelled by its sub-folder names"), err.toString());
    }

    @Test
    void anUnknownReconstructionIsAUsageErrorNamingTheChoices() {
        assertEquals(ExitCodes.USAGE, run("--data", dir.toString(), "--recon", "laplace"));
        assertTrue(err.toString().contains("Invalid value for option '--recon': expected one of [BERNOULLI, GAUSSIAN] (case-insensitive) "
                + "but was 'laplace'"), err.toString());
    }

    @Test
    void missingDataExitsWith2InEitherForm() {
        assertEquals(ExitCodes.USAGE, run("--epochs", "3"));
        assertTrue(err.toString().contains("Missing required option: '--data=DIR|FILE.csv'"), err.toString());
        assertEquals(ExitCodes.USAGE, run("train", "--epochs", "3"));
        assertTrue(err.toString().contains("Usage: cvae-train train"), err.toString());
    }

    @Test
    void noArgumentsPrintTheSubcommandsAndExitWith2() {
        assertEquals(ExitCodes.USAGE, run());
        assertTrue(err.toString().contains("train") && err.toString().contains("report") && err.toString().contains("judge"), err.toString());
    }

    @Test
    void theJudgesCommandsAreASubcommandWithTheTrainersExitCodes() {
        assertEquals(ExitCodes.OK, run("judge", "--help"));
        assertTrue(out.toString().contains("obedience") && out.toString().contains("bound"), out.toString());
        assertEquals(ExitCodes.USAGE, run("judge", "obedience", dir.resolve("no-such-model").toString(), "--judge", dir.toString()));
        assertTrue(err.toString().contains("no-such-model"), err.toString());
    }

    @Test
    void trainHelpGroupsTheOptionsUnderHeadingsAndMarksReportOnlyDeprecated() {
        assertEquals(ExitCodes.OK, run("train", "--help"));
        String help = out.toString();
        int at = 0;
        for (String heading : List.of("--resume", "--report-only", "Data:", "--data=DIR|FILE.csv", "Architecture:", "--arch=mlp|conv",
                "Loss:", "--recon=", "Optimisation:", "--epochs=", "Classifiers", "--classifier-epochs=", "Output:", "--out=DIR", "Exit codes:")) {
            int next = help.indexOf(heading, at);
            assertTrue(next >= 0, heading + " missing or out of order in\n" + help);
            at = next;
        }
        assertTrue(help.contains("Deprecated: use 'cvae-train report"), help);
        assertEquals(ExitCodes.OK, run("--help"));
        assertTrue(out.toString().contains("report") && out.toString().contains("Without a subcommand the options go to 'train'"), out.toString());
    }

    @Test
    void trainsAndWritesTheModelNamedAfterTheOption() throws Exception {
        Path data = SyntheticStrokes.write(Files.createDirectory(dir.resolve("data")), 80, 16, 2);
        int exit = run("--data", data.toString(), "--out", dir.resolve("out").toString(), "--name", "tiny",
                "--label-names", "h,v,d,a b", "--epochs", "1", "--encoder-hidden", "16", "--decoder-hidden", "16",
                "--latent", "2", "--classifier-epochs", "1", "--samples-per-label", "5", "--aux-hidden", "8");
        assertEquals(ExitCodes.OK, exit, err.toString());
        String json = Files.readString(dir.resolve("out/tiny/model.json"));
        // the old form, without a subcommand, still trains; model.json records the command with its subcommand
        assertTrue(json.contains("\"command\" : \"cvae-train train --data " + data), json);
        assertTrue(json.contains("\"labelNames\" : [ \"h\", \"v\", \"d\", \"a b\" ]"), json);
        assertTrue(json.contains("--label-names 'h,v,d,a b' --epochs 1"), "quoted as a shell needs it: " + json);
    }

    @Test
    void aJudgeTrainedUnderCvaeTrainRecordsItsCommandOnce() throws Exception {
        Path data = SyntheticStrokes.write(Files.createDirectory(dir.resolve("data")), 80, 16, 2);
        Path judge = dir.resolve("judges/strokes");
        assertEquals(ExitCodes.OK, run("judge", "train", "--data", data.toString(), "--output", judge.toString(), "--classes", "4",
                "--epochs", "1", "--conv-channels", "4", "--dense", "8", "--validation-split", "0.25"), err.toString());
        String card = Files.readString(judge.resolve("judge.json"));
        assertTrue(card.contains("\"command\" : \"cvae-train judge train --data " + data), card);
    }

    @Test
    void auxAugmentTrainsTheAuxiliaryClassifierOnDistortedImagesAndSaysSo() throws Exception {
        Path data = SyntheticStrokes.write(Files.createDirectory(dir.resolve("data")), 80, 16, 2);
        int exit = run("train", "--data", data.toString(), "--out", dir.resolve("out").toString(), "--name", "distorted",
                "--classes", "4", "--epochs", "1", "--encoder-hidden", "16", "--decoder-hidden", "16", "--latent", "2",
                "--classifier-epochs", "1", "--samples-per-label", "5", "--aux-hidden", "8", "--aux-augment");
        assertEquals(ExitCodes.OK, exit, err.toString());
        String json = Files.readString(dir.resolve("out/distorted/model.json"));
        assertTrue(json.contains("\"auxClassifier\" : \"mlp-8-distorted\""), json);
        assertTrue(log.toString().contains("auxiliary (MLP, distorted images)"), log.toString());
    }

    @Test
    void aConvStackThatDoesNotTileTheImagesIsAUsageErrorBeforeTraining() throws Exception {
        Path data = SyntheticStrokes.write(Files.createDirectory(dir.resolve("data")), 40, 8, 1);
        int exit = run("--data", data.toString(), "--out", dir.resolve("out").toString(), "--classes", "4", "--arch", "conv",
                "--conv-channels", "4,4,4");
        assertEquals(ExitCodes.USAGE, exit);
        assertTrue(err.toString().contains("3 stride-2 conv layers need image sides divisible by 8, got 12x12"), err.toString());
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("judge"), "nothing was fitted");
    }

    @Test
    void unknownArchitectureOrAttributeTypeIsAUsageError() {
        assertEquals(ExitCodes.USAGE, run("--data", dir.toString(), "--arch", "transformer"));
        assertTrue(err.toString().contains("Invalid value for option '--arch': expected one of [MLP, CONV] (case-insensitive) but was 'transformer'"),
                err.toString());
        assertEquals(ExitCodes.USAGE, run("--data", dir.toString(), "--attribute-type", "thickness=fuzzy"));
        assertTrue(err.toString().contains("Invalid value for option '--attribute-type' (NAME=TYPE): expected one of [CATEGORICAL, BINARY, SCALAR] "
                + "(case-insensitive) but was 'fuzzy'"), err.toString());
    }

    @Test
    void trainsOnACsvManifestWithSeveralAttributes() throws Exception {
        Path csv = dev.cvae.trainer.testdata.SyntheticShapes.csv(Files.createDirectory(dir.resolve("shapes")), 60, 8, 3, false);
        int exit = run("train", "--data", csv.toString(), "--out", dir.resolve("out").toString(), "--image-size", "8x8",
                "--attribute-type", "thickness=binary", "--attribute-type", "brightness=scalar", "--epochs", "1",
                "--encoder-hidden", "16", "--decoder-hidden", "16", "--latent", "2", "--classifier-epochs", "1",
                "--samples-per-label", "5");
        assertEquals(ExitCodes.OK, exit, err.toString());
        dev.cvae.trainer.export.ModelManifest m = dev.cvae.trainer.export.ModelManifest.fromJson(
                Files.readAllBytes(dir.resolve("out/manifest/model.json")));
        assertEquals("multi-attribute", m.conditioning().kind());
        assertEquals(List.of("orientation", "thickness", "brightness"),
                m.conditioning().attributes().stream().map(dev.cvae.trainer.export.ModelManifest.AttributeInfo::name).toList());
        assertEquals(List.of("categorical", "binary", "scalar"),
                m.conditioning().attributes().stream().map(dev.cvae.trainer.export.ModelManifest.AttributeInfo::type).toList());
        assertEquals(m.labelNames(), List.of("a", "d", "h", "v"));
    }
}
