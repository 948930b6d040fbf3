package dev.cvae.trainer.cli;

import java.util.ArrayList;
import java.util.List;

/** A command as model.json and judge cards record it: as a shell would take it again. */
public final class ShellCommand {
    private ShellCommand() {
    }

    /** {@code prefix}, then each argument, quoted when it holds spaces or characters a shell would read. */
    public static String of(String prefix, List<String> args) {
        List<String> parts = new ArrayList<>(List.of(prefix));
        for (String arg : args) {
            parts.add(arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return String.join(" ", parts);
    }
}
