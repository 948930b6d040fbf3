package dev.cvae.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes a float32 array as a NumPy .npy file (format version 1.0, little-endian, C order). */
final class NpyWriter {
    private NpyWriter() {
    }

    static void write(Path file, float[] values, int... shape) throws IOException {
        long n = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        if (n != values.length) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got " + values.length);
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + (shape.length == 1 ? "," : "") + "), }";
        int unpadded = 10 + dict.length() + 1; // magic(6) + version(2) + length(2) + dict + '\n'
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer data = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length()).array());
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(data.array());
        }
    }
}
