package dev.cvae.client;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ScopeType;

/**
 * {@code cvae-client}: talks to a CVAE server. Exit codes: 0 success, 1 server or network error, 2 usage error.
 *
 * <p>The options every subcommand shares live here and are inherited by the subcommands ({@code scope = INHERIT}),
 * as are -V and the exit-code list: {@code cvae-client --target host:50051 models} and
 * {@code cvae-client models --target host:50051} mean the same, and when both are given the subcommand's wins.
 */
@Command(name = "cvae-client", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = ClientVersion.class,
        description = "Command-line client of the CVAE gRPC server. The options below are also accepted after the command's name.",
        subcommands = {ModelsCommand.class, GenerateCommand.class, EncodeCommand.class, InterpolateCommand.class, BenchCommand.class,
                HealthCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:server or network error", "2:usage error"})
public final class CvaeClient {
    @Mixin
    ConnectionOptions connection;

    @Mixin
    JsonOption json;

    /** The command line with exit-code mapping and one-line messages for server and network failures. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CvaeClient());
        cli.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println("cvae-client: " + ex.getMessage() + " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println("cvae-client: " + describe(ex, cmd));
            return ExitCodes.SERVER_ERROR;
        });
        return cli;
    }

    private static String describe(Exception ex, CommandLine cmd) {
        if (ex instanceof StatusRuntimeException s) {
            Object target = cmd.getCommandSpec().findOption("--target") != null
                    ? cmd.getCommandSpec().findOption("--target").getValue() : "the server";
            if (s.getStatus().getCode() == Status.Code.UNAVAILABLE) {
                return "cannot reach the server at " + target + " (" + s.getStatus().getDescription() + ")";
            }
            return "server at " + target + " answered " + s.getStatus().getCode() + ": " + s.getStatus().getDescription();
        }
        return ex.toString();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
