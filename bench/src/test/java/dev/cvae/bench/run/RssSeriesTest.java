package dev.cvae.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RssSeriesTest {
    @Test
    void growthCountsFromTheFirstReadingAfterTheWarmUpToTheLast() {
        RssSeries series = new RssSeries("requests", 100, "load", List.of(new RssSeries.Sample(0, 100), new RssSeries.Sample(100, 400),
                new RssSeries.Sample(200, 500), new RssSeries.Sample(300, 440)));

        assertEquals(400, series.afterWarmupKib());
        assertEquals(10.0, series.growthPercent(), 1e-9);
        assertEquals(25.0, series.peakGrowthPercent(), 1e-9);
    }

    @Test
    void withoutAReadingAfterTheWarmUpThereIsNoGrowth() {
        assertTrue(Double.isNaN(new RssSeries("requests", 100, "load", List.of(new RssSeries.Sample(0, 100))).growthPercent()));
    }
}
