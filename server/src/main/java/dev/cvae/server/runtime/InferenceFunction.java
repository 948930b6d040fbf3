package dev.cvae.server.runtime;

import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * One network's forward pass over a batch of rows: every input and output is a [rows, width] float matrix,
 * row-major. Implementations must be safe to call from several threads at once.
 */
public interface InferenceFunction {

    /** A named [N, width] tensor of the network. */
    record Port(String name, int width) {
        public Port {
            if (width < 1) throw new IllegalArgumentException(name + ": width must be >= 1, got " + width);
        }
    }

    List<Port> inputs();

    List<Port> outputs();

    /**
     * Runs the network on {@code rows} rows. Each input buffer holds at least {@code rows * width} values from
     * position 0 (direct, native order where possible, so the runtime needs no copy).
     *
     * @return each output as {@code rows * width} values
     */
    Map<String, float[]> run(Map<String, FloatBuffer> inputs, int rows) throws Exception;
}
