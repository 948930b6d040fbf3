package dev.cvae.trainer.report;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.testdata.PngFigure;
import java.awt.Color;
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
    void groupedBarsShowEveryColourAndGrowWithTheCategories() {
        Color dark = new Color(0x1f77b4);
        Color light = new Color(0xffbb78);
        List<String> labels = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        List<Double> high = List.of(0.9, 0.95, 0.8, 0.99, 1.0, 0.7, 0.85, 0.9, 0.92, 0.88);
        List<Double> ceiling = List.of(0.99, 1.0, 0.98, 0.99, 1.0, 0.97, 1.0, 0.99, 0.99, 1.0);
        List<Charts.Bars> bars = List.of(new Charts.Bars("obeys", high, dark), new Charts.Bars("ceiling", ceiling, light),
                new Charts.Bars("obeys 2", high, dark), new Charts.Bars("ceiling 2", ceiling, light));
        PngFigure.of("bars", Charts.groupedBars("obedience", labels, bars, "%"))
                .hasSize(150 + 10 * 22 * 4, Charts.BAR_HEIGHT).isNotBlank().shows(dark).shows(light);
        PngFigure.of("few", Charts.groupedBars("obedience", List.of("a", "b"), List.of(new Charts.Bars("obeys", List.of(0.5, 1.0), dark)), "%"))
                .hasSize(Charts.SCATTER_WIDTH, Charts.BAR_HEIGHT).shows(dark);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Charts.groupedBars("t", labels, List.of(new Charts.Bars("short", List.of(0.5), dark)), "%"));
        assertTrue(e.getMessage().contains("short: 1 values for 10 categories"), e.getMessage());
    }

    @Test
    void aSeriesWithoutPointsOrWithUnevenAxesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Charts.Series("empty", new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> new Charts.Series("uneven", new double[] {1, 2}, new double[] {1}));
    }
}
