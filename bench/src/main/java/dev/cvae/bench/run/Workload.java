package dev.cvae.bench.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What each caller of one {@code cvae-client bench} run sends: an operation over streams or unary calls, the image
 * format of the answers and the images (or frames, or ModelInfer rows) per request.
 *
 * @param count images per generate, frames per interpolate, rows per ModelInfer; 1 for encode
 */
public record Workload(Operation operation, Mode mode, Format format, int count) {
    public enum Operation { GENERATE, ENCODE, INTERPOLATE, KSERVE }

    public enum Mode { STREAM, UNARY }

    public enum Format { PNG, RAW }

    public Workload {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(format, "format");
        if (count < 1) throw new IllegalArgumentException("count must be >= 1, got " + count);
        if (operation == Operation.KSERVE && mode != Mode.UNARY) {
            throw new IllegalArgumentException("mode: kserve ModelInfer is unary only, got " + mode);
        }
        if (operation == Operation.ENCODE && count != 1) throw new IllegalArgumentException("count: encode takes one image, got " + count);
        if (operation == Operation.INTERPOLATE && count < 2) throw new IllegalArgumentException("count: interpolate needs >= 2 steps, got " + count);
    }

    public static Workload generate(Mode mode, Format format, int count) {
        return new Workload(Operation.GENERATE, mode, format, count);
    }

    /** Rows each request puts in the server's batch queue (what the queue bound counts). */
    public int rowsPerRequest() {
        return count;
    }

    /** The options of {@code cvae-client bench} that send this workload. */
    public List<String> clientOptions() {
        List<String> options = new ArrayList<>();
        switch (operation) {
            case KSERVE -> options.addAll(List.of("--operation", "kserve", "--count", Integer.toString(count)));
            case GENERATE -> options.addAll(List.of("--mix", "generate=1", "--count", Integer.toString(count)));
            case ENCODE -> options.addAll(List.of("--mix", "encode=1"));
            case INTERPOLATE -> options.addAll(List.of("--mix", "interpolate=1", "--steps", Integer.toString(count)));
        }
        options.addAll(List.of("--mode", mode.name().toLowerCase(Locale.ROOT), "--format", format.name().toLowerCase(Locale.ROOT)));
        return options;
    }

    /** E.g. "generate, streams, count 16, raw" or "kserve ModelInfer, unary, 16 rows". */
    public String title() {
        String calls = mode == Mode.STREAM ? "streams" : "unary";
        return switch (operation) {
            case GENERATE -> "generate, " + calls + ", count " + count + ", " + format.name().toLowerCase(Locale.ROOT);
            case ENCODE -> "encode, " + calls;
            case INTERPOLATE -> "interpolate, " + calls + ", " + count + " steps, " + format.name().toLowerCase(Locale.ROOT);
            case KSERVE -> "KServe v2 ModelInfer, unary, " + count + (count == 1 ? " row" : " rows");
        };
    }

    /** A file-name-safe key, e.g. "generate-stream-png-1". */
    public String key() {
        return (operation + "-" + mode + "-" + format + "-" + count).toLowerCase(Locale.ROOT);
    }
}
