package dev.cvae.bench.report;

import dev.cvae.bench.limit.OnnxLimitRun.LimitPoint;
import dev.cvae.bench.run.LoadResult;
import dev.cvae.bench.run.RssSeries;
import dev.cvae.bench.run.ServerKind;
import dev.cvae.bench.run.Workload;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * The plots of docs/benchmarks.md, drawn with XChart into PNG files: throughput and p99 against concurrent callers
 * (default, {@code --max-batch 1}, echo), bulk images/s against callers with the in-process limit, the limit curve
 * (images/s against batch size) and RSS along the long runs. Missing points (failed runs) are left out of a line.
 */
final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;
    private static final Map<ServerKind, Color> COLORS = Map.of(ServerKind.DEFAULT, new Color(0x1f77b4), ServerKind.MAX_BATCH_1,
            new Color(0xd62728), ServerKind.ECHO, new Color(0x7f7f7f));

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
            new Color(0x9467bd), new Color(0x8c564b)};

    private Charts() {
    }

    /** One line per server: {@code value} of each caller count's run of {@code workload}. */
    static void byCallers(ResultIndex index, Workload workload, List<Integer> callers, String title, String yTitle,
                          ToDoubleFunction<LoadResult> value, Double limit, String limitName, Path file) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH + 200).height(HEIGHT).title(title).xAxisTitle("concurrent callers")
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setOverlapped(true); // every series' point at its category's centre
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0);
        List<String> xs = callers.stream().map(String::valueOf).toList();
        for (ServerKind server : ServerKind.values()) {
            List<Double> ys = new ArrayList<>();
            boolean any = false;
            for (int c : callers) {
                var r = index.load(workload, c, server);
                ys.add(r.map(value::applyAsDouble).orElse(null));
                any |= r.isPresent();
            }
            if (!any) continue;
            CategorySeries s = chart.addSeries(server == ServerKind.DEFAULT ? "cvae-server, defaults" : server == ServerKind.MAX_BATCH_1
                    ? "cvae-server --max-batch 1" : "echo service (stack limit)", xs, ys);
            s.setLineColor(COLORS.get(server));
            s.setMarkerColor(COLORS.get(server));
        }
        if (limit != null && !limit.isNaN()) {
            CategorySeries s = chart.addSeries(limitName, xs, callers.stream().map(c -> limit).toList());
            s.setLineColor(new Color(0x2ca02c));
            s.setMarkerColor(new Color(0x2ca02c));
        }
        save(chart, file);
    }

    /** Images/s against batch size (logarithmic): one colour per model, decoders solid, encoders dashed. */
    static void limitCurve(List<LimitPoint> points, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH + 200).height(HEIGHT).title("ONNX Runtime in-process, 1 intra-op thread: the limit")
                .xAxisTitle("batch size (rows per run)").yAxisTitle("images/s").build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(0.0);
        Map<String, List<LimitPoint>> lines = points.stream().collect(Collectors.groupingBy(p -> p.model() + " " + p.network(), TreeMap::new,
                Collectors.toList()));
        List<String> models = points.stream().map(LimitPoint::model).distinct().sorted().toList();
        lines.forEach((name, ps) -> {
            XYSeries s = chart.addSeries(name, ps.stream().map(LimitPoint::batch).toList(), ps.stream().map(LimitPoint::imagesPerSecond).toList());
            Color color = PALETTE[models.indexOf(ps.get(0).model()) % PALETTE.length];
            s.setLineColor(color);
            s.setMarkerColor(color);
            s.setLineStyle(ps.get(0).network().equals("encoder") ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
        });
        save(chart, file);
    }

    /** Resident memory along a long run. */
    static void rss(RssSeries series, String title, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(series.unit())
                .yAxisTitle("server RSS (MiB)").build();
        style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        XYSeries s = chart.addSeries("VmRSS", series.samples().stream().map(RssSeries.Sample::at).toList(),
                series.samples().stream().map(x -> x.residentKib() / 1024.0).toList());
        s.setLineColor(COLORS.get(ServerKind.DEFAULT));
        save(chart, file);
    }

    private static void style(Styler styler) {
        styler.setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendBorderColor(new Color(0xcccccc));
        styler.setPlotBorderVisible(false);
        styler.setChartPadding(12);
        if (styler instanceof AxesChartStyler axes) {
            axes.setPlotGridLinesColor(new Color(0xe5e5e5));
            axes.setYAxisDecimalPattern("#,##0.##");
        }
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
