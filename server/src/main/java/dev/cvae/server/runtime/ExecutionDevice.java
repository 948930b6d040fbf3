package dev.cvae.server.runtime;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where ONNX Runtime runs a model: the CPU, or a CUDA device by index ({@code cuda}, {@code cuda:1}). */
public record ExecutionDevice(Kind kind, int index) {
    public enum Kind { CPU, CUDA }

    private static final Pattern CUDA = Pattern.compile("cuda(?::(\\d+))?");

    public static final ExecutionDevice CPU_DEVICE = new ExecutionDevice(Kind.CPU, 0);

    public static ExecutionDevice parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (t.equals("cpu")) return CPU_DEVICE;
        Matcher m = CUDA.matcher(t);
        if (m.matches()) return new ExecutionDevice(Kind.CUDA, m.group(1) == null ? 0 : Integer.parseInt(m.group(1)));
        throw new IllegalArgumentException("device '" + text + "' is not cpu, cuda or cuda:N");
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "cuda:" + index;
    }
}
