package dev.cvae.trainer.report;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.testdata.PngFigure;
import java.awt.GraphicsEnvironment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's charts draw with XChart, headless, into PNGs of the documented size that show their series. */
class ChartsTest {
    private static final double[] EPOCHS = {1, 2, 3, 4};

    @Test
    void chartsDrawHeadless() {
        assertTrue(GraphicsEnvironment.isHeadless(), "the build runs the trainer's tests with java.awt.headless=true");
    }

    @Test
    void linePanelsStandSideBySideAndShowEachSeriesInItsColour() {
        Charts.Panel loss = new Charts.Panel("negative ELBO", List.of(new Charts.Series("train", EPOCHS, new double[] {300, 200, 150, 140}),
                new Charts.Series("validation", EPOCHS, new double[] {310, 215, 170, 165})));
        Charts.Panel kl = new Charts.Panel("KL", List.of(new Charts.Series("train", EPOCHS, new double[] {5, 9, 11, 12}),
                new Charts.Series("validation", EPOCHS, new double[] {5, 8, 10, 12})));
        PngFigure.of("panels", Charts.linePanels(List.of(loss, kl, kl), "epoch"))
                .hasSize(3 * Charts.PANEL_WIDTH, Charts.PANEL_HEIGHT).isNotBlank()
                .shows(Charts.PALETTE[0]).shows(Charts.PALETTE[1]);
    }

    @Test
    void aRunOfOneEpochStillDrawsItsTwoPoints() {
        double[] epochs = {0, 1};
        Charts.Panel panel = new Charts.Panel("KL", List.of(new Charts.Series("train", epochs, new double[] {0.5, 0.5})));
        PngFigure.of("short", Charts.linePanels(List.of(panel), "epoch")).hasSize(Charts.PANEL_WIDTH, Charts.PANEL_HEIGHT).isNotBlank();
    }

    @Test
    void scatterColoursPointsByClassAndLeavesEmptyClassesOut() {
        int n = 300;
        float[] xy = new float[2 * n];
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            classes[i] = i % 3 == 0 ? 0 : 2; // class 1 has no points
            // a few places each, so that the half-transparent points pile up to their class's full colour
            xy[2 * i] = i % 5;
            xy[2 * i + 1] = classes[i];
        }
        PngFigure.of("scatter", Charts.scatter(xy, classes, List.of("zero", "one", "two"), "posterior means", "z1", "z2"))
                .hasSize(Charts.SCATTER_WIDTH, Charts.SCATTER_HEIGHT).isNotBlank()
                .shows(Charts.PALETTE[0]).shows(Charts.PALETTE[2]);
    }

    @Test
    void aSeriesWithoutPointsOrWithUnevenAxesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Charts.Series("empty", new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new Charts.Series("uneven", new double[] {1, 2}, new double[] {1}));
    }
}
