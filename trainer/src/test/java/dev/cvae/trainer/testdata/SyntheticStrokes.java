package dev.cvae.trainer.testdata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * A small labelled image set that tests make for themselves: class 0 a horizontal stroke, class 1 a vertical
 * stroke, class 2 a diagonal, class 3 the other diagonal, each at a random position and brightness, with
 * a little noise. Written as the four standard IDX files.
 */
public final class SyntheticStrokes {
    public static final int SIZE = 12;
    public static final int CLASSES = 4;

    private SyntheticStrokes() {
    }

    /** Writes train (gzipped) and test (plain) IDX files into {@code dir}; returns dir. */
    public static Path write(Path dir, int trainCount, int testCount, long seed) throws IOException {
        Random rng = new Random(seed);
        writeSplit(dir, "train", trainCount, rng, true);
        writeSplit(dir, "t10k", testCount, rng, false);
        return dir;
    }

    private static void writeSplit(Path dir, String split, int count, Random rng, boolean gzip) throws IOException {
        byte[] pixels = new byte[count * SIZE * SIZE];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = i % CLASSES;
            labels[i] = (byte) label;
            draw(pixels, i * SIZE * SIZE, label, rng);
        }
        IdxWriter.write(dir.resolve(split + "-images-idx3-ubyte" + (gzip ? ".gz" : "")),
                IdxWriter.images(count, SIZE, SIZE, pixels), gzip);
        IdxWriter.write(dir.resolve(split + "-labels-idx1-ubyte" + (gzip ? ".gz" : "")), IdxWriter.labels(labels), gzip);
    }

    private static void draw(byte[] pixels, int base, int label, Random rng) {
        int offset = 2 + rng.nextInt(SIZE - 4);
        int brightness = 180 + rng.nextInt(76);
        for (int t = 1; t < SIZE - 1; t++) {
            int row;
            int col;
            switch (label) {
                case 0 -> { row = offset; col = t; }
                case 1 -> { row = t; col = offset; }
                case 2 -> { row = t; col = t; }
                default -> { row = t; col = SIZE - 1 - t; }
            }
            pixels[base + row * SIZE + col] = (byte) brightness;
        }
        for (int j = 0; j < SIZE * SIZE; j++) {
            if (pixels[base + j] == 0 && rng.nextInt(10) == 0) pixels[base + j] = (byte) rng.nextInt(40);
        }
    }
}
