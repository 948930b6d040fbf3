package dev.cvae.trainer.cli;

import dev.cvae.trainer.judge.cli.JudgeCommand;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code cvae-train}: the trainer's command line, one subcommand class per use case. Arguments that start with
 * an option go to {@code train}, so {@code cvae-train --data DIR ...}, the form before subcommands, still trains.
 * Failures become exit codes in {@link ExitCodes}; only {@link #main} exits.
 */
@Command(name = "cvae-train", mixinStandardHelpOptions = true,
        description = {"Train a conditional VAE and export it to ONNX as a model directory, rewrite a model's report, or judge it.",
            "Without a subcommand the options go to 'train': cvae-train --data DIR ... is cvae-train train --data DIR ..."},
        subcommands = {TrainCommand.class, ReportCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:training, reporting or writing failed", "2:bad command-line option",
            "3:bad data file (the message names it)"})
public final class CvaeTrainCommand implements Callable<Integer> {
    /** The subcommand that options without one go to. */
    static final String DEFAULT_SUBCOMMAND = "train";
    private static final Set<String> OWN_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    @Spec
    CommandSpec spec;

    private final PrintStream log;

    /** @param log where the subcommands write their progress (standard output for the real command) */
    public CvaeTrainCommand(PrintStream log) {
        this.log = log;
    }

    /** The progress log, for subcommands (they reach it through {@code @ParentCommand}, in any package). */
    public PrintStream log() {
        return log;
    }

    /** No subcommand and no options: the usage, as an error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** The command line with the trainer's exit codes, and enum values (mlp, conv, skip, ...) in any case. */
    public static CommandLine commandLine(CvaeTrainCommand command) {
        CommandLine cli = new CommandLine(command);
        // the judges' commands take the log through their own factory; their failures map as the trainer's do
        cli.addSubcommand("judge", JudgeCommand.commandLine(command.log()));
        return cli.setCaseInsensitiveEnumValuesAllowed(true).setExecutionExceptionHandler(new ExitCodes());
    }

    /** Runs {@code args} on {@code cli}, sending them to {@code train} when they start with one of its options. */
    public static int execute(CommandLine cli, String... args) {
        return cli.execute(withDefaultSubcommand(args));
    }

    static String[] withDefaultSubcommand(String[] args) {
        if (args.length == 0 || !args[0].startsWith("-") || OWN_OPTIONS.contains(args[0])) return args;
        return Stream.concat(Stream.of(DEFAULT_SUBCOMMAND), Stream.of(args)).toArray(String[]::new);
    }

    public static void main(String[] args) {
        // the report's figures are drawn off-screen; no window is ever opened
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
        System.exit(execute(commandLine(new CvaeTrainCommand(System.out)), args));
    }
}
