package dev.cvae.trainer.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cvae.trainer.judge.cli.JudgeCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A small CNN judge trained in seconds with {@code judge train}, for tests in any package. */
public final class TinyJudges {
    private TinyJudges() {
    }

    /**
     * Trains a judge on the IDX data in {@code data} into {@code directory}.
     *
     * @param more further options of {@code judge train}, for example another {@code --seed}
     * @return the training log
     */
    public static String train(Path directory, Path data, String labelNames, String... more) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        var cli = JudgeCommand.commandLine(new PrintStream(log, true, StandardCharsets.UTF_8));
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--output", directory.toString(),
                "--label-names", labelNames, "--epochs", "4", "--batch-size", "32", "--lr", "1e-2", "--conv-channels", "4,8",
                "--dense", "16", "--validation-split", "0.2", "--rotation", "5", "--elastic-alpha", "0"));
        args.addAll(List.of(more));
        int exit = cli.execute(args.toArray(String[]::new));
        String trainLog = log.toString(StandardCharsets.UTF_8);
        assertEquals(JudgeCommand.EXIT_OK, exit, err + trainLog);
        return trainLog;
    }
}
