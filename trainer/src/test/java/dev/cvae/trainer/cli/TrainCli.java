package dev.cvae.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine;

/** cvae-train as its main method runs it, for the report tests: its log and errors captured, and a tiny model to report on. */
final class TrainCli {
    private TrainCli() {
    }

    /** Runs cvae-train with {@code args}; standard output is dropped. */
    static int run(ByteArrayOutputStream log, StringWriter err, String... args) {
        CommandLine cli = CvaeTrainCommand.commandLine(new CvaeTrainCommand(new PrintStream(log, true, StandardCharsets.UTF_8)));
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return CvaeTrainCommand.execute(cli, args);
    }

    /**
     * A tiny MLP CVAE of four stroke classes with a {@code latent}-dimensional latent, trained two epochs on the IDX
     * strokes in {@code data} into {@code work/models/tiny}.
     */
    static Path tinyModel(Path work, Path data, int latent) {
        StringWriter err = new StringWriter();
        int exit = run(new ByteArrayOutputStream(), err, "train", "--data", data.toString(), "--out", work.resolve("models").toString(),
                "--name", "tiny", "--classes", "4", "--epochs", "2", "--encoder-hidden", "16", "--decoder-hidden", "16",
                "--latent", Integer.toString(latent), "--classifier-epochs", "1", "--samples-per-label", "5", "--aux-hidden", "8");
        assertEquals(ExitCodes.OK, exit, err.toString());
        return work.resolve("models/tiny");
    }
}
