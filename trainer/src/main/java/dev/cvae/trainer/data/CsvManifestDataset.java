package dev.cvae.trainer.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Images listed in a CSV file: a header row, a {@code path} column (relative to the CSV's folder, or absolute),
 * one column per attribute, and optionally a {@code split} column ({@code train} or {@code test}). Without a
 * split column a seeded random share is held out for validation.
 *
 * <p>Attributes are categorical unless {@code types} says binary or scalar. Value names are sorted (numerically
 * when they all are numbers), so a binary attribute maps its first value (0, absent, false, no) to 0. Every
 * malformed row fails the load with the file, the row and the column; unreadable images are listed by path and
 * skipped or fail the load, as for image folders.
 */
public final class CsvManifestDataset {
    public static final String PATH_COLUMN = "path";
    public static final String SPLIT_COLUMN = "split";

    /** The splits, the conditioning built from the attribute columns, and the skipped unreadable files. */
    public record Loaded(LabelledImages train, LabelledImages test, Conditioning conditioning, List<String> skipped) {
    }

    private CsvManifestDataset() {
    }

    public static boolean isManifest(Path path) {
        return Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    public static Loaded load(Path csv, ImageShape shape, Map<String, Attribute.Type> types,
                              ImageFolderDataset.BadImages policy, double validationFraction, long seed, PrintStream log) {
        List<List<String>> rows = parse(csv);
        if (rows.size() < 2) throw new IdxFormatException(csv, "needs a header row and at least one image row");
        List<String> header = rows.get(0);
        int pathCol = header.indexOf(PATH_COLUMN);
        if (pathCol < 0) throw new IdxFormatException(csv, "has no '" + PATH_COLUMN + "' column; header: " + header);
        int splitCol = header.indexOf(SPLIT_COLUMN);
        List<Integer> attrCols = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) if (i != pathCol && i != splitCol) attrCols.add(i);
        if (attrCols.isEmpty()) throw new IdxFormatException(csv, "has no attribute columns besides path" + (splitCol >= 0 ? " and split" : ""));
        for (String name : types.keySet()) {
            if (!header.contains(name) || name.equals(PATH_COLUMN) || name.equals(SPLIT_COLUMN)) {
                throw new IllegalArgumentException("--attribute-type " + name + ": no such attribute column in " + csv + "; header: " + header);
            }
        }
        List<List<String>> body = rows.subList(1, rows.size());
        for (int r = 0; r < body.size(); r++) {
            List<String> row = body.get(r);
            if (row.size() != header.size()) {
                throw new IdxFormatException(csv, "row " + (r + 2) + " has " + row.size() + " fields, the header " + header.size());
            }
            for (int col = 0; col < row.size(); col++) {
                if (row.get(col).isBlank()) throw new IdxFormatException(csv, "row " + (r + 2) + ", column '" + header.get(col) + "' is empty");
            }
            if (splitCol >= 0 && !List.of("train", "test").contains(row.get(splitCol))) {
                throw new IdxFormatException(csv, "row " + (r + 2) + ", column 'split' is '" + row.get(splitCol) + "', expected train or test");
            }
        }

        List<Attribute> attributes = new ArrayList<>();
        for (int col : attrCols) {
            attributes.add(attribute(csv, header.get(col), types.getOrDefault(header.get(col), Attribute.Type.CATEGORICAL), body, col));
        }
        Conditioning conditioning = new Conditioning(attributes);
        int primary = conditioning.primary();

        Path base = csv.toAbsolutePath().getParent();
        List<String> bad = new ArrayList<>();
        List<byte[]> pixels = new ArrayList<>();
        List<float[]> conditions = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Boolean> isTest = new ArrayList<>();
        for (List<String> row : body) {
            byte[] px = ImageDecoder.read(base.resolve(row.get(pathCol)), shape, bad);
            if (px == null) continue;
            double[] values = new double[attrCols.size()];
            for (int a = 0; a < values.length; a++) values[a] = value(attributes.get(a), row.get(attrCols.get(a)));
            pixels.add(px);
            conditions.add(conditioning.encode(values));
            labels.add(primary < 0 ? 0 : (int) values[primary]);
            isTest.add(splitCol >= 0 && row.get(splitCol).equals("test"));
        }
        ImageDecoder.report(csv, bad, policy, log);
        if (pixels.isEmpty()) throw new IdxFormatException(csv, "lists no readable images (empty set)");

        LabelledImages all = images(shape, conditioning, pixels, conditions, labels);
        if (splitCol < 0) {
            LabelledImages[] parts = ImageFolderDataset.splitOff(all, validationFraction, seed);
            return new Loaded(parts[0], parts[1], conditioning, bad);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < isTest.size(); i++) (isTest.get(i) ? test : train).add(i);
        if (train.isEmpty() || test.isEmpty()) {
            throw new IdxFormatException(csv, "the split column leaves " + train.size() + " train and " + test.size() + " test images; both need some");
        }
        return new Loaded(all.select(train.stream().mapToInt(Integer::intValue).toArray()),
                all.select(test.stream().mapToInt(Integer::intValue).toArray()), conditioning, bad);
    }

    private static LabelledImages images(ImageShape shape, Conditioning conditioning, List<byte[]> pixels,
                                         List<float[]> conditions, List<Integer> labels) {
        int d = shape.size();
        int k = conditioning.size();
        byte[] px = new byte[pixels.size() * d];
        float[] c = new float[pixels.size() * k];
        for (int i = 0; i < pixels.size(); i++) {
            System.arraycopy(pixels.get(i), 0, px, i * d, d);
            System.arraycopy(conditions.get(i), 0, c, i * k, k);
        }
        return new LabelledImages(shape, Math.max(1, conditioning.classCount()), px,
                labels.stream().mapToInt(Integer::intValue).toArray(), k, c);
    }

    private static Attribute attribute(Path csv, String name, Attribute.Type type, List<List<String>> body, int col) {
        if (type == Attribute.Type.SCALAR) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < body.size(); r++) {
                double v = number(body.get(r).get(col));
                if (!Double.isFinite(v)) {
                    throw new IdxFormatException(csv, "row " + (r + 2) + ", column '" + name + "' is '" + body.get(r).get(col)
                            + "', expected a number (the column is scalar)");
                }
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            return Attribute.scalar(name, min, max);
        }
        List<String> values = body.stream().map(row -> row.get(col)).distinct().sorted(valueOrder(body, col)).toList();
        if (type == Attribute.Type.BINARY && values.size() != 2) {
            throw new IdxFormatException(csv, "column '" + name + "' is binary but has " + values.size() + " distinct values " + values);
        }
        if (type == Attribute.Type.CATEGORICAL && values.size() < 2) {
            throw new IdxFormatException(csv, "column '" + name + "' has a single value " + values + "; it cannot condition anything");
        }
        return new Attribute(name, type, values, 0, 0);
    }

    /** Numeric order when every value is a number, otherwise alphabetical. */
    private static Comparator<String> valueOrder(List<List<String>> body, int col) {
        boolean numeric = body.stream().allMatch(row -> Double.isFinite(number(row.get(col))));
        return numeric ? Comparator.comparingDouble(CsvManifestDataset::number) : Comparator.naturalOrder();
    }

    private static double value(Attribute a, String text) {
        return a.type() == Attribute.Type.SCALAR ? number(text) : a.values().indexOf(text);
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .build();

    /**
     * Rows of fields, as RFC 4180 has them: double quotes enclose fields with commas, quotes ("" is one) or line
     * breaks; lines end in LF or CRLF; a UTF-8 byte order mark is skipped. Blank lines are skipped and unquoted
     * fields trimmed.
     */
    static List<List<String>> parse(Path csv) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(csv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        List<List<String>> rows = new ArrayList<>();
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(bytes)) {
            while (it.hasNextValue()) {
                List<String> row = List.of(it.nextValue());
                if (!(row.size() == 1 && row.get(0).isEmpty())) rows.add(row);
            }
        } catch (JsonProcessingException e) {
            throw new IdxFormatException(csv, "is not valid CSV at row " + (rows.size() + 1) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        }
        return rows;
    }
}
