package dev.cvae.bench.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A CPU profile in async-profiler's folded form ({@code -o collapsed -t}): one line per distinct stack, its frames
 * from the thread (first, as {@code [name tid=N]}) to the leaf joined by {@code ;}, then a space and the number of
 * samples. Each sample is sorted into one {@link Part} of the serving path and counted per thread, with thread
 * numbers dropped ({@code images-1} and {@code images-2} are {@code images}). Immutable.
 */
public record FoldedProfile(long samples, Map<Part, Long> byPart, Map<String, Long> byThread) {
    /**
     * Parts of the path. A sample goes to the part of the innermost frame of its stack that any part claims (the
     * leaf first), so a thread switch inside PNG encoding counts as a switch, a {@code HashMap} lookup made by the
     * batcher as batching, and PNG encoding on the inference worker as PNG. Within one frame, the parts are tried in
     * this order.
     */
    public enum Part {
        SWITCHES("thread switches and wake-ups (kernel scheduler, futex)", "finish_task_switch", "futex_", "_raw_spin_unlock_irqrestore",
                "schedule_"),
        ONNX_RUNTIME("ONNX Runtime (native)", "libonnxruntime"),
        PNG("PNG encoding", "inference/ScanlineDeflater", "inference/ImageCodec", "inference/PngEncoder"),
        TRANSPORT("gRPC transport: Netty, HTTP/2, sockets", "io/netty", "io/grpc/netty", "sys_sendto", "sys_recvfrom", "sys_write",
                "sys_read", "epoll"),
        PROTOBUF("protobuf: building, writing and parsing messages", "com/google/protobuf", "io/grpc/internal/MessageFramer",
                "io/grpc/internal/MessageDeframer"),
        GRPC_CALLS("gRPC calls: listeners, call executors", "io/grpc/"),
        REACTOR("Reactor and reactor-grpc operators", "reactor/", "com/salesforce/reactorgrpc"),
        BATCHING("the batcher: admission, forming, copies, completion", "cvae/server/batch/"),
        OTHER_SERVER("the rest of the server's (or echo's) own code", "dev/cvae/"),
        CONCURRENCY("JDK concurrency: futures, locks, queues, executors", "java/util/concurrent/"),
        OTHER("everything else: JVM, JIT, GC, kernel");

        private final String title;
        private final List<String> marks;

        Part(String title, String... marks) {
            this.title = title;
            this.marks = List.of(marks);
        }

        public String title() {
            return title;
        }

        /** The part of the innermost frame that a part claims; frame 0 is the thread. */
        static Part of(String[] frames) {
            for (int i = frames.length - 1; i >= 1; i--) {
                for (Part part : values()) {
                    for (String mark : part.marks) if (frames[i].contains(mark)) return part;
                }
            }
            return OTHER;
        }
    }

    private static final Pattern THREAD = Pattern.compile("^\\[(.*?)(?: tid=\\d+)?]$");
    private static final Pattern NUMBERED = Pattern.compile("[-_ #]?\\d+$");

    public FoldedProfile {
        byPart = Map.copyOf(byPart);
        byThread = Map.copyOf(byThread);
    }

    /**
     * @throws IllegalArgumentException naming the line that is not {@code frames count}
     */
    public static FoldedProfile read(Reader in) throws IOException {
        Map<Part, Long> parts = new EnumMap<>(Part.class);
        Map<String, Long> threads = new LinkedHashMap<>();
        long total = 0;
        BufferedReader lines = new BufferedReader(in);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) continue;
            int space = line.lastIndexOf(' ');
            long count;
            try {
                count = space < 1 ? -1 : Long.parseLong(line.substring(space + 1));
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 0) throw new IllegalArgumentException("line " + number + " is not 'frames count': " + abbreviated(line));
            String[] frames = line.substring(0, space).split(";");
            parts.merge(Part.of(frames), count, Long::sum);
            threads.merge(thread(frames[0]), count, Long::sum);
            total += count;
        }
        return new FoldedProfile(total, parts, threads);
    }

    /** {@code [images-2 tid=123]} is {@code images}; a first frame that names no thread is "(no thread name)". */
    static String thread(String first) {
        var m = THREAD.matcher(first);
        if (!m.matches()) return "(no thread name)";
        return NUMBERED.matcher(m.group(1)).replaceFirst("");
    }

    public long samples(Part part) {
        return byPart.getOrDefault(part, 0L);
    }

    private static String abbreviated(String line) {
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
