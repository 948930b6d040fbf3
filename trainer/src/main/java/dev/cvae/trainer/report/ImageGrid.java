package dev.cvae.trainer.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Decoded images tiled in rows, each row optionally captioned on its left: the report's sample grids and
 * manifolds. Pixels are copied as they are, each {@code scale} x {@code scale} times, on a dark background
 * with 2-pixel gaps.
 */
final class ImageGrid {
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final int CAPTION_WIDTH = 130;

    private ImageGrid() {
    }

    /**
     * @param pixels      rows * cols images of [C, H, W] in [0, 1], row after row
     * @param rowCaptions one per row, or null for none
     */
    static byte[] png(float[] pixels, int rows, int cols, int channels, int height, int width, int scale, List<String> rowCaptions) {
        int captionWidth = rowCaptions == null ? 0 : CAPTION_WIDTH;
        int cell = width * scale + 2;
        int cellH = height * scale + 2;
        BufferedImage img = new BufferedImage(captionWidth + cols * cell + 2, rows * cellH + 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(new Color(0x333333));
        g.fillRect(captionWidth, 0, cols * cell + 2, rows * cellH + 2);
        int plane = height * width;
        int size = channels * plane;
        for (int r = 0; r < rows; r++) {
            if (rowCaptions != null) {
                g.setColor(Color.BLACK);
                g.setFont(FONT);
                g.drawString(fit(g.getFontMetrics(), rowCaptions.get(r), captionWidth - 8), 4, r * cellH + cellH / 2 + 5);
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
        return Png.encode(img);
    }

    /** {@code text}, cut with an ellipsis to fit {@code width} pixels. */
    private static String fit(FontMetrics fm, String text, int width) {
        if (fm.stringWidth(text) <= width) return text;
        String t = text;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) t = t.substring(0, t.length() - 1);
        return t + "…";
    }

    private static int level(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
