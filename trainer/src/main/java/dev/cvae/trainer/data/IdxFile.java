package dev.cvae.trainer.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * One IDX file of unsigned bytes (the MNIST distribution format): a big-endian header
 * {@code 0x00 0x00 0x08 ndims}, {@code ndims} big-endian int32 dimensions, then the data row-major.
 * Gzipped files are recognised by their content, not their name.
 *
 * <p>{@link #read} checks the header against what the caller expects (image or label file) and that the
 * file holds exactly as many bytes as the header promises.
 */
public record IdxFile(Path path, int[] dims, byte[] data) {

    /** Magic number of an IDX file of unsigned bytes with one dimension (labels). */
    public static final int LABELS_MAGIC = 0x00000801;
    /** Magic number of an IDX file of unsigned bytes with three dimensions (images). */
    public static final int IMAGES_MAGIC = 0x00000803;

    private static final int UNSIGNED_BYTE = 0x08;

    /** Number of items: the first dimension. */
    public int count() {
        return dims[0];
    }

    /** Reads and checks an IDX file whose header must carry {@code expectedMagic}. */
    public static IdxFile read(Path path, int expectedMagic) {
        byte[] bytes = readMaybeGzipped(path);
        if (bytes.length < 4) {
            throw new IdxFormatException(path, "truncated: " + bytes.length + " bytes, too short for an IDX header");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes); // big-endian by default, as IDX is
        int magic = buf.getInt();
        if (magic != expectedMagic) {
            throw new IdxFormatException(path, String.format(
                    "wrong magic number 0x%08X, expected 0x%08X (%s)", magic, expectedMagic, describe(expectedMagic)));
        }
        int ndims = magic & 0xFF;
        if (((magic >> 8) & 0xFF) != UNSIGNED_BYTE) {
            throw new IdxFormatException(path, "data type must be unsigned byte (0x08)");
        }
        int headerBytes = 4 + 4 * ndims;
        if (bytes.length < headerBytes) {
            throw new IdxFormatException(path, "truncated: header needs " + headerBytes + " bytes, file holds " + bytes.length);
        }
        int[] dims = new int[ndims];
        long expectedData = 1;
        for (int i = 0; i < ndims; i++) {
            dims[i] = buf.getInt();
            if (dims[i] < 0) {
                throw new IdxFormatException(path, "dimension " + i + " is negative: " + dims[i]);
            }
            expectedData *= dims[i];
        }
        long actualData = bytes.length - (long) headerBytes;
        if (actualData < expectedData) {
            throw new IdxFormatException(path, "truncated: header " + Arrays.toString(dims) + " promises "
                    + expectedData + " data bytes, the file holds " + actualData);
        }
        if (actualData > expectedData) {
            throw new IdxFormatException(path, "header " + Arrays.toString(dims) + " promises " + expectedData
                    + " data bytes, the file holds " + actualData + " (trailing data)");
        }
        byte[] data = Arrays.copyOfRange(bytes, headerBytes, bytes.length);
        return new IdxFile(path, dims, data);
    }

    private static String describe(int magic) {
        return magic == IMAGES_MAGIC ? "an IDX file of unsigned-byte images [N, H, W]"
                : magic == LABELS_MAGIC ? "an IDX file of unsigned-byte labels [N]" : "IDX";
    }

    private static byte[] readMaybeGzipped(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IdxFormatException(path, "not a readable file");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            try (InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw) {
                return in.readAllBytes();
            }
        } catch (java.io.EOFException e) {
            throw new IdxFormatException(path, "truncated: the gzip stream ends early");
        } catch (java.util.zip.ZipException e) {
            throw new IdxFormatException(path, "corrupt gzip data: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
