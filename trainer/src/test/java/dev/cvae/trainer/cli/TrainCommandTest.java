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

class TrainCommandTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    private int run(String... args) {
        CommandLine cli = TrainCommand.commandLine(new TrainCommand(new PrintStream(log, true, StandardCharsets.UTF_8)));
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    @Test
    void badDataFileExitsWith3AndNamesTheFileBeforeTraining() throws Exception {
        Path data = SyntheticStrokes.write(Files.createDirectory(dir.resolve("data")), 40, 8, 1);
        IdxWriter.write(data.resolve("t10k-labels-idx1-ubyte"), IdxWriter.labels(new byte[] {0, 1, 2, 3, 0, 1, 2, 9}), false);
        int exit = run("--data", data.toString(), "--out", dir.resolve("out").toString(), "--classes", "4");
        assertEquals(TrainCommand.EXIT_BAD_DATA, exit);
        assertTrue(err.toString().contains("t10k-labels-idx1-ubyte: label 9 at index 7 is outside the class count 4"), err.toString());
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("epoch"), "no training started");
        assertFalse(Files.exists(dir.resolve("out")), "no model directory");
    }

    @Test
    void invalidOptionValueExitsWith2AndNamesTheOption() {
        int exit = run("--data", dir.toString(), "--epochs", "0");
        assertEquals(TrainCommand.EXIT_USAGE, exit);
        assertTrue(err.toString().contains("epochs must be >= 1, got 0"), err.toString());
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
        assertEquals(TrainCommand.EXIT_OK, exit, err.toString());
        String json = Files.readString(dir.resolve("out/photos/model.json"));
        assertTrue(json.contains("\"labelNames\" : [ \"greens\", \"reds\" ]"), json);
        assertTrue(json.contains("\"channels\" : 3"), json);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("unreadable image: " + data.resolve("reds/corrupt.png")));
        assertEquals(TrainCommand.EXIT_USAGE, run("--data", data.toString(), "--label-names", "a,b"));
        assertTrue(err.toString().contains("--label-names: image-folder data is labelled by its sub-folder names"), err.toString());
    }

    @Test
    void anUnknownReconstructionIsAUsageError() {
        assertEquals(TrainCommand.EXIT_USAGE, run("--data", dir.toString(), "--recon", "laplace"));
        assertTrue(err.toString().contains("--recon 'laplace' is not bernoulli or gaussian"), err.toString());
    }

    @Test
    void missingRequiredOptionExitsWith2() {
        assertEquals(TrainCommand.EXIT_USAGE, run("--epochs", "3"));
        assertTrue(err.toString().contains("Missing required option: '--data=DIR|FILE.csv'"), err.toString());
    }

    @Test
    void trainsAndWritesTheModelNamedAfterTheOption() throws Exception {
        Path data = SyntheticStrokes.write(Files.createDirectory(dir.resolve("data")), 80, 16, 2);
        int exit = run("--data", data.toString(), "--out", dir.resolve("out").toString(), "--name", "tiny",
                "--label-names", "h,v,d,a b", "--epochs", "1", "--encoder-hidden", "16", "--decoder-hidden", "16",
                "--latent", "2", "--classifier-epochs", "1", "--samples-per-label", "5", "--aux-hidden", "8");
        assertEquals(TrainCommand.EXIT_OK, exit, err.toString());
        String json = Files.readString(dir.resolve("out/tiny/model.json"));
        assertTrue(json.contains("\"command\" : \"cvae-train --data " + data), json);
        assertTrue(json.contains("\"labelNames\" : [ \"h\", \"v\", \"d\", \"a b\" ]"), json);
        assertTrue(json.contains("--label-names 'h,v,d,a b' --epochs 1"), "quoted as a shell needs it: " + json);
    }

    @Test
    void aConvStackThatDoesNotTileTheImagesIsAUsageErrorBeforeTraining() throws Exception {
        Path data = SyntheticStrokes.write(Files.createDirectory(dir.resolve("data")), 40, 8, 1);
        int exit = run("--data", data.toString(), "--out", dir.resolve("out").toString(), "--classes", "4", "--arch", "conv",
                "--conv-channels", "4,4,4");
        assertEquals(TrainCommand.EXIT_USAGE, exit);
        assertTrue(err.toString().contains("3 stride-2 conv layers need image sides divisible by 8, got 12x12"), err.toString());
        assertFalse(log.toString(StandardCharsets.UTF_8).contains("judge"), "nothing was fitted");
    }

    @Test
    void unknownArchitectureOrAttributeTypeIsAUsageError() {
        assertEquals(TrainCommand.EXIT_USAGE, run("--data", dir.toString(), "--arch", "transformer"));
        assertTrue(err.toString().contains("'transformer' is not an architecture; expected mlp or conv"), err.toString());
        assertEquals(TrainCommand.EXIT_USAGE, run("--data", dir.toString(), "--attribute-type", "thickness=fuzzy"));
        assertTrue(err.toString().contains("--attribute-type thickness=fuzzy: 'fuzzy' is not an attribute type; expected categorical, binary or scalar"),
                err.toString());
    }

    @Test
    void trainsOnACsvManifestWithSeveralAttributes() throws Exception {
        Path csv = dev.cvae.trainer.testdata.SyntheticShapes.csv(Files.createDirectory(dir.resolve("shapes")), 60, 8, 3, false);
        int exit = run("--data", csv.toString(), "--out", dir.resolve("out").toString(), "--image-size", "8x8",
                "--attribute-type", "thickness=binary", "--attribute-type", "brightness=scalar", "--epochs", "1",
                "--encoder-hidden", "16", "--decoder-hidden", "16", "--latent", "2", "--classifier-epochs", "1",
                "--samples-per-label", "5");
        assertEquals(TrainCommand.EXIT_OK, exit, err.toString());
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
