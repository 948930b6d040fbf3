package dev.cvae.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.testdata.IdxWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetTest {
    @TempDir
    Path dir;

    private static final byte[] PIXELS = {0, (byte) 255, 51, 102, 0, 0, (byte) 255, 1}; // two 2x2 images
    private static final byte[] LABELS = {1, 0};

    private void writeSet(String prefix, byte[] trainImages, byte[] trainLabels, boolean gzip) throws IOException {
        String gz = gzip ? ".gz" : "";
        IdxWriter.write(dir.resolve(prefix + "train-images-idx3-ubyte" + gz), trainImages, gzip);
        IdxWriter.write(dir.resolve(prefix + "train-labels-idx1-ubyte" + gz), trainLabels, gzip);
        IdxWriter.write(dir.resolve(prefix + "t10k-images-idx3-ubyte" + gz), IdxWriter.images(2, 2, 2, PIXELS), gzip);
        IdxWriter.write(dir.resolve(prefix + "t10k-labels-idx1-ubyte" + gz), IdxWriter.labels(LABELS), gzip);
    }

    private void writeGoodSet(boolean gzip) throws IOException {
        writeSet("", IdxWriter.images(2, 2, 2, PIXELS), IdxWriter.labels(LABELS), gzip);
    }

    private IdxFormatException loadFails() {
        return assertThrows(IdxFormatException.class, () -> IdxDataset.load(dir, 10));
    }

    @Test
    void readsGzippedFilesWithPixelsScaledToUnitRange() throws IOException {
        writeGoodSet(true);
        IdxDataset data = IdxDataset.load(dir, 10);
        assertEquals(new ImageShape(1, 2, 2), data.train().shape());
        assertEquals(2, data.train().size());
        assertEquals(1, data.train().label(0));
        float[] first = new float[4];
        data.train().copyPixels(0, first, 0);
        assertArrayEquals(new float[] {0f, 1f, 0.2f, 0.4f}, first, 1e-6f);
    }

    @Test
    void readsPlainFilesAndPrefixedNamesLikeEmnist() throws IOException {
        writeSet("emnist-digits-", IdxWriter.images(2, 2, 2, PIXELS), IdxWriter.labels(LABELS), false);
        IdxDataset data = IdxDataset.load(dir, 10);
        assertEquals(2, data.test().size());
        assertArrayEquals(new int[] {1, 1, 0, 0, 0, 0, 0, 0, 0, 0}, data.test().classCounts());
    }

    @Test
    void wrongMagicNumberNamesTheFile() throws IOException {
        // a label file where the image file should be
        writeSet("", IdxWriter.labels(LABELS), IdxWriter.labels(LABELS), true);
        IdxFormatException e = loadFails();
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("wrong magic number 0x00000801, expected 0x00000803"), e.getMessage());
    }

    @Test
    void truncatedImageDataIsReportedWithSizes() throws IOException {
        byte[] whole = IdxWriter.images(2, 2, 2, PIXELS);
        writeSet("", Arrays.copyOf(whole, whole.length - 3), IdxWriter.labels(LABELS), false);
        IdxFormatException e = loadFails();
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte: truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("promises 8 data bytes, the file holds 5"), e.getMessage());
    }

    @Test
    void truncatedGzipStreamIsReported() throws IOException {
        writeGoodSet(true);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] gz = Files.readAllBytes(images);
        Files.write(images, Arrays.copyOf(gz, gz.length / 2));
        IdxFormatException e = loadFails();
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz: truncated"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsReported() throws IOException {
        writeSet("", new byte[] {0, 0, 8, 3, 0, 0}, IdxWriter.labels(LABELS), false);
        assertTrue(loadFails().getMessage().contains("truncated: header needs 16 bytes, file holds 6"));
    }

    @Test
    void imageAndLabelCountsThatDifferNameBothFiles() throws IOException {
        writeSet("", IdxWriter.images(2, 2, 2, PIXELS), IdxWriter.labels(new byte[] {1, 0, 3}), false);
        IdxFormatException e = loadFails();
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte: holds 3 labels but train-images-idx3-ubyte holds 2 images"),
                e.getMessage());
    }

    @Test
    void labelOutsideTheClassCountIsReportedWithItsIndex() throws IOException {
        writeSet("", IdxWriter.images(2, 2, 2, PIXELS), IdxWriter.labels(new byte[] {1, 12}), false);
        IdxFormatException e = loadFails();
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte: label 12 at index 1 is outside the class count 10"),
                e.getMessage());
    }

    @Test
    void emptySetIsRejected() throws IOException {
        writeSet("", IdxWriter.images(0, 2, 2, new byte[0]), IdxWriter.labels(new byte[0]), false);
        assertTrue(loadFails().getMessage().contains("train-images-idx3-ubyte: holds no images"));
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        byte[] whole = IdxWriter.images(2, 2, 2, PIXELS);
        writeSet("", Arrays.copyOf(whole, whole.length + 4), IdxWriter.labels(LABELS), false);
        assertTrue(loadFails().getMessage().contains("trailing data"));
    }

    @Test
    void missingFileNamesTheDirectoryAndTheExpectedName() throws IOException {
        writeGoodSet(false);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        IdxFormatException e = loadFails();
        assertEquals(dir, e.file());
        assertTrue(e.getMessage().contains("no t10k-labels-idx1-ubyte[.gz] file"), e.getMessage());
    }

    @Test
    void ambiguousFilesAreRejected() throws IOException {
        writeGoodSet(false);
        IdxWriter.write(dir.resolve("train-images-idx3-ubyte.gz"), IdxWriter.images(2, 2, 2, PIXELS), true);
        assertTrue(loadFails().getMessage().contains("several files could be the train images"));
    }
}
