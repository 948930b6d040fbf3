package dev.cvae.client;

import java.awt.image.BufferedImage;
import java.util.List;

/** Tiles equally sized images into one picture, row by row, with an optional integer upscale. */
public final class ImageGrid {
    private ImageGrid() {
    }

    /** @param columns images per row */
    public static BufferedImage tile(List<BufferedImage> images, int columns, int scale) {
        if (images.isEmpty()) throw new IllegalArgumentException("no images to tile");
        int w = images.get(0).getWidth();
        int h = images.get(0).getHeight();
        int rows = (images.size() + columns - 1) / columns;
        BufferedImage grid = new BufferedImage(columns * w * scale, rows * h * scale, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < images.size(); i++) {
            BufferedImage img = images.get(i);
            int ox = (i % columns) * w * scale;
            int oy = (i / columns) * h * scale;
            for (int y = 0; y < h * scale; y++) {
                for (int x = 0; x < w * scale; x++) grid.setRGB(ox + x, oy + y, img.getRGB(x / scale, y / scale));
            }
        }
        return grid;
    }

    /** Columns for a roughly square grid of {@code n} images. */
    public static int squareColumns(int n) {
        return (int) Math.ceil(Math.sqrt(n));
    }
}
