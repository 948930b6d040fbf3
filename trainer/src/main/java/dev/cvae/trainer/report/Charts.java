package dev.cvae.trainer.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's charts, drawn with XChart into PNG bytes: line charts side by side (the loss curves), a scatter plot
 * coloured by class (the latent space) and grouped bars per class (label obedience). Java2D only, so they draw
 * headless; text uses the JVM's logical sans-serif font (DejaVu Sans on Debian, through fontconfig).
 */
final class Charts {
    /** Tableau's ten categorical colours; classes beyond ten reuse them. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    static final int PANEL_WIDTH = 380;
    static final int PANEL_HEIGHT = 280;
    static final int SCATTER_WIDTH = 640;
    static final int SCATTER_HEIGHT = 600;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);

    private Charts() {
    }

    /** One line of a chart: points (x[i], y[i]) joined in order. */
    record Series(String name, double[] x, double[] y) {
        Series {
            if (x.length != y.length || x.length == 0) {
                throw new IllegalArgumentException(name + ": x and y need the same, non-zero length, got " + x.length + " and " + y.length);
            }
        }
    }

    /** One colour of a bar chart: a value per category, in the chart's category order. */
    record Bars(String name, List<Double> values, Color color) {
    }

    static final int BAR_HEIGHT = 360;

    /**
     * For every category, one bar of each of {@code bars} side by side, on a 0..100 scale of percent (values are shares
     * in 0..1); at least {@link #SCATTER_WIDTH} wide, wider with many categories.
     */
    static byte[] groupedBars(String title, List<String> categories, List<Bars> bars, String yTitle) {
        int width = Math.max(SCATTER_WIDTH, 150 + categories.size() * 22 * bars.size());
        CategoryChart chart = new CategoryChartBuilder().width(width).height(BAR_HEIGHT).title(title).yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        chart.getStyler().setAvailableSpaceFill(0.8);
        for (Bars b : bars) {
            if (b.values().size() != categories.size()) {
                throw new IllegalArgumentException(b.name() + ": " + b.values().size() + " values for " + categories.size() + " categories");
            }
            CategorySeries series = chart.addSeries(b.name(), categories, b.values().stream().map(v -> 100 * v).toList());
            series.setFillColor(b.color());
        }
        BufferedImage image = new BufferedImage(width, BAR_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        chart.paint(g, width, BAR_HEIGHT);
        g.dispose();
        return Png.encode(image);
    }

    /** One chart of a row: its title and lines; the i-th line of every panel has the i-th colour. */
    record Panel(String title, List<Series> series) {
    }

    /** {@code panels} side by side, {@link #PANEL_WIDTH} x {@link #PANEL_HEIGHT} each, over whole-number x values. */
    static byte[] linePanels(List<Panel> panels, String xTitle) {
        BufferedImage image = new BufferedImage(PANEL_WIDTH * panels.size(), PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int p = 0; p < panels.size(); p++) {
            Panel panel = panels.get(p);
            XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(panel.title()).xAxisTitle(xTitle).build();
            style(chart.getStyler());
            // under the plot: curves that fall and curves that rise leave no corner free
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
            chart.getStyler().setMarkerSize(5);
            // epochs: whole numbers only, however few there are
            chart.setCustomXAxisTickLabelsFormatter(x -> x == Math.rint(x) ? String.format(Locale.ROOT, "%.0f", x) : "");
            for (int i = 0; i < panel.series().size(); i++) {
                Series s = panel.series().get(i);
                XYSeries line = chart.addSeries(s.name(), s.x(), s.y());
                line.setLineColor(PALETTE[i % PALETTE.length]);
                line.setMarkerColor(PALETTE[i % PALETTE.length]);
                line.setMarker(SeriesMarkers.CIRCLE);
            }
            Graphics2D panelGraphics = (Graphics2D) g.create(p * PANEL_WIDTH, 0, PANEL_WIDTH, PANEL_HEIGHT);
            chart.paint(panelGraphics, PANEL_WIDTH, PANEL_HEIGHT);
            panelGraphics.dispose();
        }
        g.dispose();
        return Png.encode(image);
    }

    /**
     * Points (xy[2i], xy[2i+1]) coloured by {@code classes[i]}, with a legend of {@code names} (a class with no
     * points is left out of it); {@link #SCATTER_WIDTH} x {@link #SCATTER_HEIGHT}.
     */
    static byte[] scatter(float[] xy, int[] classes, List<String> names, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(SCATTER_WIDTH).height(SCATTER_HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(4);
        for (int c = 0; c < names.size(); c++) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < classes.length; i++) {
                if (classes[i] != c) continue;
                xs.add((double) xy[2 * i]);
                ys.add((double) xy[2 * i + 1]);
            }
            if (xs.isEmpty()) continue;
            Color color = PALETTE[c % PALETTE.length];
            XYSeries points = chart.addSeries(names.get(c), xs, ys);
            points.setMarker(SeriesMarkers.CIRCLE);
            points.setMarkerColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 150));
        }
        BufferedImage image = new BufferedImage(SCATTER_WIDTH, SCATTER_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        chart.paint(g, SCATTER_WIDTH, SCATTER_HEIGHT);
        g.dispose();
        return Png.encode(image);
    }

    private static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderColor(new Color(0x999999));
        styler.setPlotGridLinesColor(new Color(0xe5e5e5));
        styler.setLegendBorderColor(new Color(0xcccccc));
        styler.setChartTitleBoxVisible(false);
        styler.setChartPadding(8);
        styler.setBaseFont(FONT);
        styler.setChartTitleFont(TITLE);
        styler.setAxisTitleFont(FONT);
        styler.setAxisTickLabelsFont(FONT);
        styler.setLegendFont(FONT);
        styler.setYAxisDecimalPattern("#,##0.##");
        styler.setAntiAlias(true);
    }
}
