package dev.cvae.trainer.train;

import java.io.PrintStream;

/**
 * A one-line progress bar with rate and ETA. On a terminal it redraws in place a few times a second; in a log
 * (no console) it prints a plain line at every tenth of the way, so CI logs stay short.
 *
 * <p>Not thread-safe: advance it from the thread doing the work.
 */
public final class ProgressBar {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream out;
    private final String label;
    private final String unit;
    private final long total;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private long done;
    private long lastDraw;
    private int lastTenth = -1;

    public ProgressBar(PrintStream out, String label, String unit, long total, boolean interactive) {
        if (total < 1) throw new IllegalArgumentException("total must be >= 1, got " + total);
        this.out = out;
        this.label = label;
        this.unit = unit;
        this.total = total;
        this.interactive = interactive;
    }

    /** A bar that redraws in place when standard error is a terminal. */
    public static ProgressBar onConsole(PrintStream out, String label, String unit, long total) {
        return new ProgressBar(out, label, unit, total, System.console() != null);
    }

    public void advance(long n) {
        done = Math.min(total, done + n);
        long now = System.nanoTime();
        if (interactive) {
            if (now - lastDraw >= REDRAW_NANOS || done == total) {
                lastDraw = now;
                out.print("\r" + render(now));
                out.flush();
            }
        } else {
            int tenth = (int) (done * 10 / total);
            if (tenth != lastTenth && (tenth > 0 || done == total)) {
                lastTenth = tenth;
                out.println(render(now));
            }
        }
    }

    /** Ends the line; call once when the work is done. */
    public void finish() {
        if (interactive) out.println();
        out.flush();
    }

    String render(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        int filled = (int) (WIDTH * done / total);
        long etaSeconds = rate > 0 ? Math.round((total - done) / rate) : 0;
        return String.format("%s [%s%s] %3d%% %d/%d %s %,.0f %s/s ETA %d:%02d",
                label, "#".repeat(filled), ".".repeat(WIDTH - filled), done * 100 / total, done, total, unit,
                rate, unit, etaSeconds / 60, etaSeconds % 60);
    }
}
