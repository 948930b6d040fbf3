package dev.cvae.trainer.testdata;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files (optionally gzipped) for tests, including deliberately broken ones. */
public final class IdxWriter {
    private IdxWriter() {
    }

    /** The bytes of an IDX file with the given magic number, dimensions and data. */
    public static byte[] bytes(int magic, int[] dims, byte[] data) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.writeInt(magic);
            for (int d : dims) out.writeInt(d);
            out.write(data);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return buf.toByteArray();
    }

    public static Path write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            out.write(content);
        }
        return file;
    }

    public static byte[] images(int count, int height, int width, byte[] pixels) {
        return bytes(0x00000803, new int[] {count, height, width}, pixels);
    }

    public static byte[] labels(byte[] labels) {
        return bytes(0x00000801, new int[] {labels.length}, labels);
    }
}
