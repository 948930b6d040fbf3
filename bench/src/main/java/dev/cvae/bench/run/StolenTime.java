package dev.cvae.bench.run;

import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time the hypervisor took from this virtual machine ("steal" in /proc/stat): on a shared machine a run whose
 * cores were stolen measures the neighbours, not the server, so the benchmark reports how much was stolen while
 * each client ran.
 *
 * @param steal ticks stolen from all cores since boot
 * @param total ticks of all cores since boot, stolen ones included
 */
public record StolenTime(long steal, long total) {
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** The counters now, or empty where /proc/stat cannot be read (not Linux) or does not read as expected. */
    public static Optional<StolenTime> now() {
        try {
            return MachineInfo.lines(PROC_STAT).stream().filter(l -> l.startsWith("cpu ")).findFirst().map(StolenTime::parse);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The aggregate line of /proc/stat: {@code cpu user nice system idle iowait irq softirq steal ...}. */
    static StolenTime parse(String line) {
        String[] f = line.trim().split("\\s+");
        if (!f[0].equals("cpu") || f.length < 9) throw new IllegalArgumentException("not the aggregate cpu line of /proc/stat: " + line);
        long total = 0;
        for (int i = 1; i <= 8; i++) total += Long.parseLong(f[i]); // guest time is already in user and nice
        return new StolenTime(Long.parseLong(f[8]), total);
    }

    /** The share of all cores' time stolen between {@code start} and this reading, in percent; NaN if no time passed. */
    public double percentSince(StolenTime start) {
        long elapsed = total - start.total;
        return elapsed <= 0 ? Double.NaN : 100.0 * (steal - start.steal) / elapsed;
    }
}
