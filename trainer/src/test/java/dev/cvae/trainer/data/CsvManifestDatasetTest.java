package dev.cvae.trainer.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.testdata.SyntheticShapes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvManifestDatasetTest {
    private static final ImageShape SHAPE = new ImageShape(1, 8, 8);
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    @Test
    void attributeColumnsBecomeOneHotBinaryAndScalarSlotsInColumnOrder(@TempDir Path dir) throws Exception {
        Path csv = SyntheticShapes.csv(dir, 40, 8, 1, true);
        CsvManifestDataset.Loaded loaded = CsvManifestDataset.load(csv, SHAPE,
                Map.of("thickness", Attribute.Type.BINARY, "brightness", Attribute.Type.SCALAR),
                ImageFolderDataset.BadImages.FAIL, 0.1, 1, log);
        Conditioning c = loaded.conditioning();
        assertEquals("multi-attribute", c.kind());
        assertEquals(List.of("orientation", "thickness", "brightness"), c.attributes().stream().map(Attribute::name).toList());
        assertEquals(List.of("a", "d", "h", "v"), c.labelNames());
        assertEquals(List.of("thick", "thin"), c.attributes().get(1).values());
        assertEquals(4 + 1 + 1, c.size());
        assertEquals(32, loaded.train().size());
        assertEquals(8, loaded.test().size()); // every fifth row says test

        // row 0 of the file: orientation a (index 0), then its thickness and brightness as written
        List<String> row = Files.readAllLines(csv).get(1 + 5).lines().findFirst().map(l -> List.of(l.split(","))).orElseThrow();
        float[] cRow = new float[6];
        loaded.test().copyCondition(1, cRow, 0); // the second test row is file row 5
        float[] expected = new float[6];
        expected[c.labelNames().indexOf(row.get(1))] = 1f;
        expected[4] = row.get(2).equals("thin") ? 1f : 0f;
        expected[5] = Float.parseFloat(row.get(3));
        assertArrayEquals(expected, cRow, 1e-6f);
        assertEquals(c.labelNames().indexOf(row.get(1)), loaded.test().label(1));
    }

    @Test
    void withoutASplitColumnASeededShareIsHeldOut(@TempDir Path dir) throws Exception {
        Path csv = SyntheticShapes.csv(dir, 50, 8, 2, false);
        CsvManifestDataset.Loaded a = CsvManifestDataset.load(csv, SHAPE, Map.of(), ImageFolderDataset.BadImages.FAIL, 0.2, 7, log);
        assertEquals(40, a.train().size());
        assertEquals(10, a.test().size());
        // default: every attribute categorical, brightness too (many values)
        assertEquals(Attribute.Type.CATEGORICAL, a.conditioning().attributes().get(2).type());
    }

    @Test
    void malformedRowsNameTheFileTheRowAndTheColumn(@TempDir Path dir) throws Exception {
        Path csv = SyntheticShapes.csv(dir, 8, 8, 3, false);
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(csv));
        lines.set(3, lines.get(3).replaceFirst(",[0-9.]+$", ",bright"));
        Files.write(csv, lines);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> CsvManifestDataset.load(csv, SHAPE,
                Map.of("brightness", Attribute.Type.SCALAR), ImageFolderDataset.BadImages.FAIL, 0.2, 1, log));
        assertTrue(e.getMessage().contains("manifest.csv: row 4, column 'brightness' is 'bright', expected a number"), e.getMessage());

        Files.writeString(csv, "file,label\na.png,1\n");
        e = assertThrows(IdxFormatException.class, () -> CsvManifestDataset.load(csv, SHAPE, Map.of(),
                ImageFolderDataset.BadImages.FAIL, 0.2, 1, log));
        assertTrue(e.getMessage().contains("has no 'path' column"), e.getMessage());
    }

    @Test
    void unreadableImagesAreListedThenSkippedOrFatal(@TempDir Path dir) throws Exception {
        Path csv = SyntheticShapes.csv(dir, 12, 8, 4, false);
        Files.writeString(dir.resolve("img/s3.png"), "not an image");
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> CsvManifestDataset.load(csv, SHAPE, Map.of(),
                ImageFolderDataset.BadImages.FAIL, 0.25, 1, log));
        assertTrue(e.getMessage().contains("1 unreadable image(s)"), e.getMessage());
        CsvManifestDataset.Loaded skipped = CsvManifestDataset.load(csv, SHAPE, Map.of(), ImageFolderDataset.BadImages.SKIP, 0.25, 1, log);
        assertEquals(11, skipped.train().size() + skipped.test().size());
        assertTrue(logBytes.toString(StandardCharsets.UTF_8).contains("s3.png"), logBytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void quotedFieldsMayHoldCommasAndQuotes(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("q.csv");
        Files.writeString(csv, "path,\"size, in cm\"\r\n\"a,b.png\",\"say \"\"hi\"\"\"\r\n\r\n");
        assertEquals(List.of(List.of("path", "size, in cm"), List.of("a,b.png", "say \"hi\"")), CsvManifestDataset.parse(csv));
    }

    @Test
    void aByteOrderMarkCrlfLineEndsAndLineBreaksInQuotesAreRead(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("excel.csv");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "path , note\r\n  a.png ,\"two\r\nlines\"\r\n\r\n   \r\nb.png,\"\"\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[bom.length + body.length];
        System.arraycopy(bom, 0, bytes, 0, bom.length);
        System.arraycopy(body, 0, bytes, bom.length, body.length);
        Files.write(csv, bytes);
        assertEquals(List.of(List.of("path", "note"), List.of("a.png", "two\r\nlines"), List.of("b.png", "")), CsvManifestDataset.parse(csv));
    }

    @Test
    void aManifestWithAByteOrderMarkFindsItsPathColumnAndNamesEmptyFieldsByRow(@TempDir Path dir) throws Exception {
        Path csv = SyntheticShapes.csv(dir, 8, 8, 5, false);
        String text = Files.readString(csv).replace("\n", "\r\n");
        Files.writeString(csv, "\uFEFF" + text);
        CsvManifestDataset.Loaded loaded = CsvManifestDataset.load(csv, SHAPE, Map.of(), ImageFolderDataset.BadImages.FAIL, 0.25, 1, log);
        assertEquals(8, loaded.train().size() + loaded.test().size());
        assertEquals(List.of("orientation", "thickness", "brightness"), loaded.conditioning().attributes().stream().map(Attribute::name).toList());

        List<String> lines = new java.util.ArrayList<>(List.of(text.split("\r\n")));
        lines.set(2, lines.get(2).replaceFirst(",[^,]+$", ",\"\""));
        Files.writeString(csv, String.join("\r\n", lines));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> CsvManifestDataset.load(csv, SHAPE, Map.of(),
                ImageFolderDataset.BadImages.FAIL, 0.25, 1, log));
        assertTrue(e.getMessage().contains("manifest.csv: row 3, column 'brightness' is empty"), e.getMessage());
    }

    @Test
    void anUnclosedQuoteIsABadDataFileNamingTheRow(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("broken.csv");
        Files.writeString(csv, "path,label\na.png,1\n\"b.png,2\n");
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> CsvManifestDataset.parse(csv));
        assertTrue(e.getMessage().contains("broken.csv: is not valid CSV at row 3"), e.getMessage());
    }

    @Test
    void rowsWithTooFewFieldsAreNamed(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("short.csv");
        Files.writeString(csv, "path,label\na.png,1\nb.png\n");
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> CsvManifestDataset.load(csv, SHAPE, Map.of(),
                ImageFolderDataset.BadImages.FAIL, 0.25, 1, log));
        assertTrue(e.getMessage().contains("short.csv: row 3 has 1 fields, the header 2"), e.getMessage());
    }
}
