package dev.cvae.bench.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine and code a benchmark ran on, as docs/benchmarks.md states them: numbers from different machines or
 * commits are not comparable, and on a shared machine the load average says how quiet it was.
 *
 * @param loadAverage the 1-minute load average when the run began, from /proc/loadavg
 */
public record MachineInfo(int cores, String cpuModel, double memoryGiB, String jdk, String date, String commit, double loadAverage) {

    /** Reads /proc, the JVM's properties and {@code git} in {@code root}; what cannot be read is "unknown". */
    public static MachineInfo probe(Path root) {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), readCpuModel(), readMemoryGiB(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")), commit(root), currentLoadAverage());
    }

    private static String readCpuModel() {
        for (String line : lines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
        }
        return "unknown";
    }

    private static double readMemoryGiB() {
        for (String line : lines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) / (1024.0 * 1024.0);
        }
        return Double.NaN;
    }

    /** The 1-minute load average now. */
    public static double currentLoadAverage() {
        List<String> lines = lines(Path.of("/proc/loadavg"));
        return lines.isEmpty() ? Double.NaN : Double.parseDouble(lines.get(0).split(" ")[0]);
    }

    private static String commit(Path root) {
        String head = git(root, "rev-parse", "--short=12", "HEAD");
        if (head.isEmpty()) return "unknown";
        return git(root, "status", "--porcelain", "--untracked-files=no").isEmpty() ? head : head + " (with uncommitted changes)";
    }

    private static String git(Path root, String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return "";
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** A /proc file's lines, or none where it cannot be read (not Linux). */
    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }
}
