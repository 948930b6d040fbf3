package dev.cvae.server.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** What a PNG's first bytes say: the signature, then the IHDR chunk with the width and height. */
public record PngHeader(int width, int height) {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** @throws AssertionError when the bytes do not begin as a PNG does */
    public static PngHeader of(byte[] png) {
        if (png.length < 24 || !Arrays.equals(SIGNATURE, Arrays.copyOf(png, 8))) throw new AssertionError("not a PNG signature");
        if (!"IHDR".equals(new String(png, 12, 4, StandardCharsets.US_ASCII))) throw new AssertionError("no IHDR chunk first");
        ByteBuffer b = ByteBuffer.wrap(png, 16, 8); // big-endian width, height
        return new PngHeader(b.getInt(), b.getInt());
    }
}
