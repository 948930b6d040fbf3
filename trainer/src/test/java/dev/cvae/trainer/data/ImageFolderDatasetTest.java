package dev.cvae.trainer.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.cvae.trainer.testdata.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderDatasetTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);

    private static void images(Path root, String label, Color color, int count, int w, int h, String format) throws IOException {
        ImageFiles.solid(root, label, color, count, w, h, format);
    }

    @Test
    void classFoldersOfAnySizeBecomeResizedLabelledImagesWithAValidationSplit() throws IOException {
        images(dir, "red", Color.RED, 6, 20, 10, "png");
        images(dir, "blue", Color.BLUE, 4, 7, 7, "jpg");
        ImageFolderDataset.Loaded d = ImageFolderDataset.load(dir, new ImageShape(3, 4, 4), ImageFolderDataset.BadImages.FAIL, 0.2, 1, out);
        assertEquals(List.of("blue", "red"), d.labelNames());
        assertEquals(8, d.train().size());
        assertEquals(2, d.test().size());
        assertEquals(List.of(), d.skipped());
        float[] px = new float[48];
        for (int i = 0; i < d.train().size(); i++) {
            d.train().copyPixels(i, px, 0);
            boolean red = d.train().label(i) == 1;
            assertEquals(red ? 1f : 0f, px[0], 0.02f, "R plane");
            assertEquals(0f, px[16], 0.02f, "G plane");
            assertEquals(red ? 0f : 1f, px[32], 0.1f, "B plane (JPEG is lossy)");
        }
    }

    @Test
    void grayscaleIsTheLuminance() throws IOException {
        images(dir, "a", Color.WHITE, 2, 3, 3, "png");
        images(dir, "b", new Color(0, 255, 0), 2, 3, 3, "png");
        ImageFolderDataset.Loaded d = ImageFolderDataset.load(dir, new ImageShape(1, 2, 2), ImageFolderDataset.BadImages.FAIL, 0.25, 1, out);
        float[] px = new float[4];
        LabelledImages all = d.train();
        for (int i = 0; i < all.size(); i++) {
            all.copyPixels(i, px, 0);
            assertEquals(all.label(i) == 0 ? 1f : 0.587f, px[0], 0.01f);
        }
    }

    @Test
    void unreadableImagesAreListedByPathAndSkippedOrFailTheLoad() throws IOException {
        images(dir, "cat", Color.GRAY, 3, 5, 5, "png");
        images(dir, "dog", Color.DARK_GRAY, 3, 5, 5, "png");
        Path broken = Files.writeString(dir.resolve("dog/broken.png"), "not an image");
        ImageFolderDataset.Loaded d = ImageFolderDataset.load(dir, new ImageShape(1, 4, 4), ImageFolderDataset.BadImages.SKIP, 0.3, 1, out);
        assertEquals(1, d.skipped().size());
        assertTrue(d.skipped().get(0).startsWith(broken.toString()), d.skipped().toString());
        assertEquals(6, d.train().size() + d.test().size());
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("unreadable image: " + broken), log.toString(StandardCharsets.UTF_8));
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("skipped 1 unreadable image(s)"));

        IdxFormatException e = assertThrows(IdxFormatException.class, () ->
                ImageFolderDataset.load(dir, new ImageShape(1, 4, 4), ImageFolderDataset.BadImages.FAIL, 0.3, 1, out));
        assertTrue(e.getMessage().contains("1 unreadable image(s), first " + broken), e.getMessage());
    }

    @Test
    void trainAndTestFoldersAreUsedAsTheSplits() throws IOException {
        images(dir.resolve("train"), "x", Color.WHITE, 3, 4, 4, "png");
        images(dir.resolve("train"), "y", Color.BLACK, 3, 4, 4, "png");
        images(dir.resolve("test"), "x", Color.WHITE, 1, 4, 4, "png");
        images(dir.resolve("test"), "y", Color.BLACK, 2, 4, 4, "png");
        ImageFolderDataset.Loaded d = ImageFolderDataset.load(dir, new ImageShape(1, 4, 4), ImageFolderDataset.BadImages.FAIL, 0.5, 1, out);
        assertEquals(6, d.train().size());
        assertEquals(3, d.test().size());
        assertEquals(List.of("x", "y"), d.labelNames());
    }
}
