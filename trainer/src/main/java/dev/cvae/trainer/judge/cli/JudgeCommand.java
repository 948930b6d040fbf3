package dev.cvae.trainer.judge.cli;

import dev.cvae.trainer.cli.ShellCommand;
import dev.cvae.trainer.data.IdxFormatException;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code cvae-train judge}: judges of the bundled models from the outside. {@code train} fits the strong judge,
 * {@code ensemble} makes one judge of several trained ones, {@code obedience} asks whether decoded prior samples show their label, {@code bound} computes the ELBO and the
 * importance-weighted bound on the test split. None of them changes a model, and no training loss reads a judge.
 */
@Command(name = "judge", mixinStandardHelpOptions = true,
        description = "Train the strong judge and evaluate exported models from the outside (label obedience, IWAE bound).",
        subcommands = {TrainJudgeCommand.class, EnsembleJudgeCommand.class, ObedienceCommand.class, BoundCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:failed", "2:bad command-line option or a model/judge that does not fit",
            "3:bad data file (the message names it)"})
public final class JudgeCommand implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_BAD_DATA = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: train, ensemble, obedience or bound");
    }

    /** The command line with its subcommands, logging to {@code log}, with exit-code mapping. */
    public static CommandLine commandLine(PrintStream log) {
        CommandLine cli = new CommandLine(new JudgeCommand(), new Factory(log));
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            if (ex instanceof IdxFormatException) {
                cmd.getErr().println("cvae-train judge: bad data: " + ex.getMessage());
                return EXIT_BAD_DATA;
            }
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("cvae-train judge: " + ex.getMessage());
                return EXIT_USAGE;
            }
            cmd.getErr().println("cvae-train judge: failed: " + ex);
            return EXIT_FAILURE;
        });
        return cli;
    }

    /**
     * The command line of a subcommand as it was run, for its card: the arguments from the subcommand's own name on,
     * since under {@code cvae-train} the original arguments begin with the {@code judge} that chose this group.
     */
    static String recordedCommand(CommandLine.Model.CommandSpec subcommand) {
        List<String> args = subcommand.commandLine().getParseResult().originalArgs();
        return ShellCommand.of("cvae-train judge", args.subList(Math.max(0, args.indexOf(subcommand.name())), args.size()));
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.out).execute(args));
    }

    /** Hands every subcommand the log stream. */
    private record Factory(PrintStream log) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                return cls.getDeclaredConstructor(PrintStream.class).newInstance(log);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }
}
