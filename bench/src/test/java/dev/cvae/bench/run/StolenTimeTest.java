package dev.cvae.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StolenTimeTest {
    @Test
    void stealIsTheEighthFieldAndTheTotalCountsTheFirstEight() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        StolenTime t = StolenTime.parse("cpu  691291 310 96949 285498 10638 7 16410 17817 5000 60");
        assertEquals(17817, t.steal());
        assertEquals(691291 + 310 + 96949 + 285498 + 10638 + 7 + 16410 + 17817, t.total(), "guest time is already in user and nice");
    }

    @Test
    void anUnknownShareIsKeptAsNullNotNaN() {
        LoadResult r = LoadResult.failed("x").withStolenPercent(Double.NaN);
        assertEquals(null, r.stolenPercent());
        assertTrue(Double.isNaN(r.stolen()));
        assertEquals("n/a", LoadResult.stolenText(r.stolen()));
        assertEquals("2.5%", LoadResult.stolenText(LoadResult.failed("x").withStolenPercent(2.5).stolen()));
    }

    @Test
    void theShareIsOfAllTheCoresTimeBetweenTwoReadings() {
        StolenTime start = new StolenTime(100, 10_000);
        assertEquals(5.0, new StolenTime(150, 11_000).percentSince(start), 1e-12, "50 of 1,000 ticks");
        assertEquals(0.0, new StolenTime(100, 12_000).percentSince(start), 1e-12);
        assertTrue(Double.isNaN(start.percentSince(start)), "no time passed: unknown, not 0");
    }

    @Test
    void aLineThatIsNotTheAggregateIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StolenTime.parse("cpu0 1 2 3 4 5 6 7 8"));
        assertEquals("not the aggregate cpu line of /proc/stat: cpu0 1 2 3 4 5 6 7 8", e.getMessage());
    }

    @Test
    void thisMachinesCountersAreReadAndOnlyGrow() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/stat")), "no /proc/stat here");
        StolenTime first = StolenTime.now().orElseThrow();
        long spin = System.nanoTime() + 50_000_000L;
        while (System.nanoTime() < spin) Thread.onSpinWait();
        StolenTime second = StolenTime.now().orElseThrow();
        assertTrue(second.total() > first.total(), first + " then " + second);
        assertTrue(second.steal() >= first.steal(), first + " then " + second);
        double share = second.percentSince(first);
        assertTrue(share >= 0 && share <= 100, "share " + share);
    }
}
