package dev.cvae.server.inference;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.Adler32;

/**
 * Writes a zlib stream (RFC 1950 around RFC 1951 deflate) for PNG scanlines, fast for the small images a CVAE
 * makes. It uses the fixed Huffman codes and looks for matches in two places only: the byte before (runs, as in a
 * plain background) and the byte one scanline above (an {@code Up} filter's worth of redundancy). There is no hash
 * table to clear and no window to fill, which is what made {@link java.util.zip.Deflater} cost 13-22 µs for a
 * 28x28 image against about 1 µs for the copy alone. When the result would be larger than the input, it writes
 * stored blocks instead, so the output is never more than a few bytes over the raw scanlines.
 *
 * <p>Stateless and thread-safe.
 */
final class ScanlineDeflater {
    private static final int MIN_MATCH = 3;
    private static final int MAX_MATCH = 258;
    private static final int MAX_DISTANCE = 32768;
    private static final int MAX_STORED_BLOCK = 65535;
    private static final int END_OF_BLOCK = 256;
    /** Reads eight bytes of an array as one little-endian long, so that the lowest byte is the first. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Bit-reversed fixed Huffman code of each literal/length symbol, and its length in bits. */
    private static final int[] SYMBOL_CODE = new int[288];
    private static final int[] SYMBOL_BITS = new int[288];
    /** For each match length 3..258: the length symbol's code followed by its extra bits, and the total bit count. */
    private static final int[] LENGTH_CODE = new int[MAX_MATCH + 1];
    private static final int[] LENGTH_BITS = new int[MAX_MATCH + 1];

    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
            67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
            5, 5, 5, 5, 0};
    private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
            513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};

    static {
        for (int s = 0; s < 288; s++) {
            int code;
            int bits;
            if (s < 144) {
                code = 0x30 + s;
                bits = 8;
            } else if (s < 256) {
                code = 0x190 + s - 144;
                bits = 9;
            } else if (s < 280) {
                code = s - 256;
                bits = 7;
            } else {
                code = 0xC0 + s - 280;
                bits = 8;
            }
            SYMBOL_CODE[s] = reverse(code, bits);
            SYMBOL_BITS[s] = bits;
        }
        for (int i = 0; i < LENGTH_BASE.length; i++) {
            // 258 has its own symbol (285) although 284's extra bits could reach it
            int last = i + 1 < LENGTH_BASE.length ? LENGTH_BASE[i + 1] - 1 : MAX_MATCH;
            for (int len = LENGTH_BASE[i]; len <= last; len++) {
                int symbol = 257 + i;
                LENGTH_CODE[len] = SYMBOL_CODE[symbol] | (len - LENGTH_BASE[i]) << SYMBOL_BITS[symbol];
                LENGTH_BITS[len] = SYMBOL_BITS[symbol] + LENGTH_EXTRA[i];
            }
        }
    }

    private ScanlineDeflater() {
    }

    /** The most bytes {@link #compress} writes for {@code length} input bytes. */
    static int bound(int length) {
        return 2 + length + 5 * (length / MAX_STORED_BLOCK + 1) + 4;
    }

    /**
     * Compresses {@code in[0 .. length)} into {@code out} from {@code outOffset}, as a zlib stream.
     *
     * @param rowBytes the distance to the same byte one scanline above (filter byte included)
     * @param out      at least {@link #bound(int) bound(length)} bytes from {@code outOffset}
     * @return the number of bytes written
     */
    static int compress(byte[] in, int length, int rowBytes, byte[] out, int outOffset) {
        if (rowBytes < 1) throw new IllegalArgumentException("rowBytes must be positive, got " + rowBytes);
        out[outOffset] = 0x78; // deflate, 32 KiB window
        out[outOffset + 1] = 0x01; // fastest; (0x78 << 8 | 0x01) % 31 == 0
        int written = fixedHuffman(in, length, rowBytes, out, outOffset + 2);
        if (written < 0) written = stored(in, length, out, outOffset + 2);
        Adler32 adler = new Adler32();
        adler.update(in, 0, length);
        int checksum = (int) adler.getValue();
        int end = outOffset + 2 + written;
        out[end] = (byte) (checksum >>> 24);
        out[end + 1] = (byte) (checksum >>> 16);
        out[end + 2] = (byte) (checksum >>> 8);
        out[end + 3] = (byte) checksum;
        return 2 + written + 4;
    }

    /** One final fixed-Huffman block; -1 when it would not be smaller than stored blocks. */
    private static int fixedHuffman(byte[] in, int length, int rowBytes, byte[] out, int start) {
        int limit = start + length; // past this, stored blocks are smaller
        int pos = start;
        long bitBuffer = 0b011; // BFINAL = 1, BTYPE = 01 (fixed Huffman)
        int bitCount = 3;
        int up = rowBytes <= MAX_DISTANCE ? rowBytes : 0;
        int upDistanceCode = up == 0 ? 0 : distanceCode(up);
        int upDistanceBits = up == 0 ? 0 : distanceBits(up);
        int i = 0;
        while (i < length) {
            // most bytes of a generated image match neither: one comparison each rules that out
            int run = i >= 1 && in[i] == in[i - 1] ? matchLength(in, i, 1, length) : 0;
            int above = up != 0 && i >= up && in[i] == in[i - up] ? matchLength(in, i, up, length) : 0;
            if (run >= MIN_MATCH && run >= above) {
                bitBuffer |= (long) LENGTH_CODE[run] << bitCount;
                bitCount += LENGTH_BITS[run];
                bitCount += 5; // distance 1 is code 0: five zero bits
                i += run;
            } else if (above >= MIN_MATCH) {
                bitBuffer |= (long) LENGTH_CODE[above] << bitCount;
                bitCount += LENGTH_BITS[above];
                bitBuffer |= (long) upDistanceCode << bitCount;
                bitCount += upDistanceBits;
                i += above;
            } else {
                int symbol = in[i] & 0xFF;
                bitBuffer |= (long) SYMBOL_CODE[symbol] << bitCount;
                bitCount += SYMBOL_BITS[symbol];
                i++;
            }
            // at most 13 + 18 bits were added to fewer than 32: flush four bytes at a time
            if (bitCount >= 32) {
                if (pos + 4 > limit) return -1;
                out[pos] = (byte) bitBuffer;
                out[pos + 1] = (byte) (bitBuffer >>> 8);
                out[pos + 2] = (byte) (bitBuffer >>> 16);
                out[pos + 3] = (byte) (bitBuffer >>> 24);
                pos += 4;
                bitBuffer >>>= 32;
                bitCount -= 32;
            }
        }
        bitCount += SYMBOL_BITS[END_OF_BLOCK]; // code 0000000
        while (bitCount > 0) {
            if (pos >= limit) return -1;
            out[pos++] = (byte) bitBuffer;
            bitBuffer >>>= 8;
            bitCount -= 8;
        }
        return pos - start;
    }

    private static int stored(byte[] in, int length, byte[] out, int start) {
        int pos = start;
        int i = 0;
        do {
            int n = Math.min(MAX_STORED_BLOCK, length - i);
            boolean last = i + n == length;
            out[pos++] = (byte) (last ? 1 : 0); // BFINAL, BTYPE = 00, then byte-aligned
            out[pos++] = (byte) n;
            out[pos++] = (byte) (n >>> 8);
            out[pos++] = (byte) ~n;
            out[pos++] = (byte) (~n >>> 8);
            System.arraycopy(in, i, out, pos, n);
            pos += n;
            i += n;
        } while (i < length);
        return pos - start;
    }

    /**
     * How many bytes from {@code i} equal those {@code distance} before them, up to the longest match: eight bytes
     * at a time, the first differing byte found from the lowest set bit of their difference.
     */
    static int matchLength(byte[] in, int i, int distance, int length) {
        int max = Math.min(MAX_MATCH, length - i);
        int n = 0;
        for (; n + Long.BYTES <= max; n += Long.BYTES) {
            long diff = (long) LONGS.get(in, i + n) ^ (long) LONGS.get(in, i + n - distance);
            if (diff != 0) return n + (Long.numberOfTrailingZeros(diff) >>> 3);
        }
        while (n < max && in[i + n] == in[i + n - distance]) n++;
        return n;
    }

    /** The distance's 5-bit code (bit-reversed) followed by its extra bits. */
    private static int distanceCode(int distance) {
        int code = distanceSymbol(distance);
        return reverse(code, 5) | (distance - DISTANCE_BASE[code]) << 5;
    }

    private static int distanceBits(int distance) {
        int code = distanceSymbol(distance);
        return 5 + (code < 4 ? 0 : code / 2 - 1);
    }

    private static int distanceSymbol(int distance) {
        int code = DISTANCE_BASE.length - 1;
        while (DISTANCE_BASE[code] > distance) code--;
        return code;
    }

    private static int reverse(int code, int bits) {
        return Integer.reverse(code) >>> (32 - bits);
    }
}
