package dev.cvae.server.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;

class ScanlineDeflaterTest {

    @Test
    void aBlankImageInflatesBackAndShrinksToRuns() throws Exception {
        byte[] raw = new byte[29 * 28];
        byte[] z = compress(raw, 29);
        assertArrayEquals(raw, inflate(z, raw.length));
        assertTrue(z.length < 30, "812 zero bytes took " + z.length + " bytes");
    }

    @Test
    void noiseFallsBackToStoredBlocksAndStillInflates() throws Exception {
        for (int length : new int[] {1, 2, 100, 65535, 65536, 200_001}) {
            byte[] raw = new byte[length];
            new Random(length).nextBytes(raw);
            byte[] z = compress(raw, 301);
            assertArrayEquals(raw, inflate(z, length), "length " + length);
            assertTrue(z.length <= ScanlineDeflater.bound(length), "over the bound at length " + length);
        }
    }

    @Test
    void aMatchIsMeasuredToItsFirstDifferenceOrTheLongestDeflateAllows() {
        // the measure compares eight bytes at a time: a match cut short would still inflate, only compress worse
        Random random = new Random(11);
        byte[] in = new byte[4_000];
        for (int pos = 0; pos < in.length; ) { // runs of 1..300 bytes of one of three values, so matches end anywhere
            byte v = (byte) random.nextInt(3);
            for (int k = 1 + random.nextInt(300); k > 0 && pos < in.length; k--) in[pos++] = v;
        }
        for (int distance : new int[] {1, 2, 7, 8, 9, 29, 1000}) {
            for (int i = distance; i < in.length; i++) {
                for (int length : new int[] {in.length, Math.min(in.length, i + random.nextInt(20))}) {
                    int expected = 0;
                    while (expected < 258 && i + expected < length && in[i + expected] == in[i + expected - distance]) expected++;
                    assertEquals(expected, ScanlineDeflater.matchLength(in, i, distance, length),
                            "at " + i + ", distance " + distance + ", length " + length);
                }
            }
        }
    }

    @Test
    void everyMatchLengthAndLiteralRoundTrips() throws Exception {
        // runs of every length 1..300 of bytes cycling through all 256 values, rows of several widths
        byte[] raw = new byte[45_150];
        int pos = 0;
        for (int run = 1; pos < raw.length; run = run % 300 + 1) {
            byte v = (byte) (pos * 7);
            for (int k = 0; k < run && pos < raw.length; k++) raw[pos++] = v;
        }
        for (int rowBytes : new int[] {1, 2, 3, 29, 85, 1000, 32768, 32769, 40_000}) {
            assertArrayEquals(raw, inflate(compress(raw, rowBytes), raw.length), "rowBytes " + rowBytes);
        }
    }

    @Test
    void repeatedScanlinesAreMatchedAgainstTheRowAbove() throws Exception {
        int rowBytes = 85; // 28 RGB pixels and the filter byte
        byte[] row = new byte[rowBytes];
        new Random(1).nextBytes(row);
        row[0] = 0;
        byte[] raw = new byte[rowBytes * 28];
        for (int y = 0; y < 28; y++) System.arraycopy(row, 0, raw, y * rowBytes, rowBytes);
        byte[] z = compress(raw, rowBytes);
        assertArrayEquals(raw, inflate(z, raw.length));
        assertTrue(z.length < 2 * rowBytes, "28 identical rows took " + z.length + " bytes");
    }

    @Test
    void aStrokeImageCompressesWithinHalfAgainOfZlibAtBestSpeed() throws Exception {
        // a symmetric ring is a hard case for matches that look only left and up; on the 999 real mnist-10k test
        // digits the IDAT is about the same size as zlib's (200 against 203 bytes on average)
        byte[] raw = digitLike(new Random(3));
        byte[] ours = compress(raw, 29);
        assertArrayEquals(raw, inflate(ours, raw.length));
        Deflater zlib = new Deflater(Deflater.BEST_SPEED);
        zlib.setInput(raw);
        zlib.finish();
        int zlibLength = zlib.deflate(new byte[4096]);
        zlib.end();
        assertTrue(ours.length <= zlibLength * 1.6, "ours " + ours.length + " bytes, zlib " + zlibLength);
    }

    @Test
    void theOutputStartsWithAValidZlibHeader() {
        byte[] z = compress(new byte[10], 5);
        assertEquals(0x78, z[0] & 0xFF);
        assertEquals(0, ((z[0] & 0xFF) << 8 | (z[1] & 0xFF)) % 31);
    }

    /** A 28x28 gray "stroke" image: zero background, a smooth blob of varied intensities. */
    static byte[] digitLike(Random random) {
        byte[] raw = new byte[28 * 29];
        double cx = 10 + random.nextInt(8);
        double cy = 10 + random.nextInt(8);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double r = Math.hypot(x - cx, (y - cy) * 0.6);
                double v = Math.max(0, 1 - Math.abs(r - 6) / 2.5);
                raw[y * 29 + 1 + x] = (byte) Math.round(v * 255);
            }
        }
        return raw;
    }

    private static byte[] compress(byte[] raw, int rowBytes) {
        byte[] out = new byte[ScanlineDeflater.bound(raw.length) + 3];
        int n = ScanlineDeflater.compress(raw, raw.length, rowBytes, out, 3);
        return Arrays.copyOfRange(out, 3, 3 + n);
    }

    private static byte[] inflate(byte[] z, int length) throws DataFormatException {
        Inflater inflater = new Inflater();
        inflater.setInput(z);
        byte[] out = new byte[length + 1];
        int n = 0;
        while (!inflater.finished() && n < out.length) {
            int k = inflater.inflate(out, n, out.length - n);
            if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
            n += k;
        }
        assertTrue(inflater.finished(), "the stream did not end (checksum and end of block included)");
        assertEquals(0, inflater.getRemaining(), "bytes after the zlib stream");
        inflater.end();
        return Arrays.copyOf(out, n);
    }
}
