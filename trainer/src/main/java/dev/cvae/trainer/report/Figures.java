package dev.cvae.trainer.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Small Java2D drawings for the report: line charts, scatter plots and image grids, as PNG bytes. */
final class Figures {
    /** Tableau's ten categorical colours; labels beyond ten reuse them. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);

    private Figures() {
    }

    /** One series of a line chart. */
    record Series(String name, double[] x, double[] y, Color color) {
    }

    /** Line charts side by side, one per title, each with its series, axes, ticks and a legend. */
    static byte[] lineCharts(List<String> titles, List<List<Series>> panels, String xLabel) {
        int pw = 380;
        int ph = 280;
        BufferedImage img = canvas(pw * panels.size(), ph);
        Graphics2D g = graphics(img);
        for (int p = 0; p < panels.size(); p++) {
            List<Series> series = panels.get(p);
            double[] xr = range(series.stream().map(Series::x).toList());
            xr = new double[] {Math.floor(xr[0] + (xr[1] - xr[0]) / 22), Math.ceil(xr[1] - (xr[1] - xr[0]) / 22)}; // whole epochs, unpadded
            if (xr[1] <= xr[0]) xr[1] = xr[0] + 1;
            double[] yr = range(series.stream().map(Series::y).toList());
            Frame f = new Frame(p * pw + 60, 30, pw - 80, ph - 75, xr, yr);
            axes(g, f, titles.get(p), xLabel);
            for (Series s : series) {
                g.setColor(s.color());
                g.setStroke(new BasicStroke(2f));
                for (int i = 1; i < s.x().length; i++) {
                    g.drawLine(f.px(s.x()[i - 1]), f.py(s.y()[i - 1]), f.px(s.x()[i]), f.py(s.y()[i]));
                }
                for (int i = 0; i < s.x().length; i++) g.fillOval(f.px(s.x()[i]) - 2, f.py(s.y()[i]) - 2, 5, 5);
            }
            inlineLegend(g, f.left + f.width, f.top - 12, series.stream().map(Series::name).toList(),
                    series.stream().map(Series::color).toList());
        }
        g.dispose();
        return png(img);
    }

    /** Points coloured by class, with a legend of the class names. */
    static byte[] scatter(float[] xy, int[] classes, List<String> names, String title, String xLabel, String yLabel) {
        int w = 640;
        int h = 600;
        BufferedImage img = canvas(w, h);
        Graphics2D g = graphics(img);
        double[] xs = new double[classes.length];
        double[] ys = new double[classes.length];
        for (int i = 0; i < classes.length; i++) {
            xs[i] = xy[2 * i];
            ys[i] = xy[2 * i + 1];
        }
        Frame f = new Frame(60, 30, w - 200, h - 80, range(List.of(xs)), range(List.of(ys)));
        axes(g, f, title, xLabel);
        g.setFont(FONT);
        g.setColor(Color.DARK_GRAY);
        g.drawString(yLabel, 8, f.top - 8);
        for (int i = 0; i < classes.length; i++) {
            Color c = PALETTE[classes[i] % PALETTE.length];
            g.setColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 150));
            g.fillOval(f.px(xs[i]) - 2, f.py(ys[i]) - 2, 4, 4);
        }
        List<Color> colors = new java.util.ArrayList<>();
        for (int i = 0; i < names.size(); i++) colors.add(PALETTE[i % PALETTE.length]);
        legend(g, f.left + f.width + 20, f.top, names, colors);
        g.dispose();
        return png(img);
    }

    /**
     * Images in rows, each row captioned on its left. {@code pixels} holds rows * cols images of [C, H, W] in
     * [0, 1], row after row; each image is drawn {@code scale} times its size.
     */
    static byte[] imageGrid(float[] pixels, int rows, int cols, int channels, int height, int width, int scale,
                            List<String> rowCaptions) {
        int captionWidth = rowCaptions == null ? 0 : 130;
        int cell = width * scale + 2;
        int cellH = height * scale + 2;
        BufferedImage img = canvas(captionWidth + cols * cell + 2, rows * cellH + 2);
        Graphics2D g = graphics(img);
        g.setColor(new Color(0x333333));
        g.fillRect(captionWidth, 0, cols * cell + 2, rows * cellH + 2);
        int plane = height * width;
        int size = channels * plane;
        for (int r = 0; r < rows; r++) {
            if (rowCaptions != null) {
                g.setColor(Color.BLACK);
                g.setFont(FONT);
                String text = fit(g.getFontMetrics(), rowCaptions.get(r), captionWidth - 8);
                g.drawString(text, 4, r * cellH + cellH / 2 + 5);
            }
            for (int c = 0; c < cols; c++) {
                int base = (r * cols + c) * size;
                int x0 = captionWidth + 2 + c * cell;
                int y0 = 2 + r * cellH;
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int i = y * width + x;
                        int red = level(pixels[base + i]);
                        int rgb = channels == 1 ? red << 16 | red << 8 | red
                                : red << 16 | level(pixels[base + plane + i]) << 8 | level(pixels[base + 2 * plane + i]);
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) img.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        g.dispose();
        return png(img);
    }

    private static String fit(FontMetrics fm, String text, int width) {
        if (fm.stringWidth(text) <= width) return text;
        String t = text;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) t = t.substring(0, t.length() - 1);
        return t + "…";
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }

    /** The plotting area of a chart and its data ranges. */
    private record Frame(int left, int top, int width, int height, double[] xr, double[] yr) {
        int px(double x) {
            return left + (int) Math.round((x - xr[0]) / (xr[1] - xr[0]) * width);
        }

        int py(double y) {
            return top + height - (int) Math.round((y - yr[0]) / (yr[1] - yr[0]) * height);
        }
    }

    private static void axes(Graphics2D g, Frame f, String title, String xLabel) {
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        g.drawString(title, f.left, f.top - 12);
        g.setFont(FONT);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(f.left, f.top, f.width, f.height);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i <= 4; i++) {
            double y = f.yr[0] + (f.yr[1] - f.yr[0]) * i / 4;
            double x = f.xr[0] + (f.xr[1] - f.xr[0]) * i / 4;
            String ys = number(y);
            String xs = f.xr[1] - f.xr[0] >= 4 ? String.format(Locale.ROOT, "%.0f", x) : number(x);
            g.setColor(new Color(0xdddddd));
            g.drawLine(f.left + 1, f.py(y), f.left + f.width - 1, f.py(y));
            g.setColor(Color.DARK_GRAY);
            g.drawString(ys, f.left - 6 - fm.stringWidth(ys), f.py(y) + 4);
            g.drawString(xs, f.px(x) - fm.stringWidth(xs) / 2, f.top + f.height + 16);
        }
        g.drawString(xLabel, f.left + f.width / 2 - fm.stringWidth(xLabel) / 2, f.top + f.height + 34);
    }

    /** A one-line legend ending at {@code right}, on the title's baseline. */
    private static void inlineLegend(Graphics2D g, int right, int baseline, List<String> names, List<Color> colors) {
        g.setFont(FONT);
        FontMetrics fm = g.getFontMetrics();
        int x = right;
        for (int i = names.size() - 1; i >= 0; i--) {
            x -= fm.stringWidth(names.get(i)) + 18 + (i < names.size() - 1 ? 12 : 0);
            g.setColor(colors.get(i));
            g.fillRect(x, baseline - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), x + 16, baseline);
        }
    }

    private static void legend(Graphics2D g, int x, int y, List<String> names, List<Color> colors) {
        g.setFont(FONT);
        for (int i = 0; i < names.size(); i++) {
            g.setColor(colors.get(i));
            g.fillRect(x, y + i * 18, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), x + 18, y + i * 18 + 11);
        }
    }

    private static String number(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e5 || a < 1e-2)) return String.format(Locale.ROOT, "%.1e", v);
        if (a >= 100) return String.format(Locale.ROOT, "%.0f", v);
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** [min, max] over all arrays, widened by 5% (and made non-empty). */
    private static double[] range(List<double[]> arrays) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] a : arrays) {
            for (double v : a) {
                if (!Double.isFinite(v)) continue;
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) return new double[] {0, 1};
        if (hi - lo < 1e-9) {
            lo -= 0.5;
            hi += 0.5;
        }
        double pad = (hi - lo) * 0.05;
        return new double[] {lo - pad, hi + pad};
    }

    private static BufferedImage canvas(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    static byte[] png(BufferedImage img) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
