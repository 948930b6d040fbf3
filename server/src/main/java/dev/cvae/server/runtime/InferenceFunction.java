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

    /**
     * A batch worker's own buffers for runs of up to {@code maxRows} rows, kept from run to run. This default
     * calls {@link #run} and wraps its outputs; a runtime that can write into buffers it is given overrides it to
     * save the copies.
     */
    default Workspace workspace(int maxRows) throws Exception {
        return new BufferedWorkspace(this, maxRows);
    }

    /**
     * Input and output buffers that one thread fills, runs and reads, batch after batch. Not thread-safe: one per
     * worker. Close it before its network.
     */
    interface Workspace extends AutoCloseable {
        /**
         * Input port {@code i}'s buffer (in {@link #inputs()} order): direct, native order, room for the maximum
         * rows. Put a run's rows from index 0.
         */
        FloatBuffer input(int i);

        /** Runs the network on the first {@code rows} rows of the inputs. */
        void run(int rows) throws Exception;

        /**
         * Output port {@code i}'s values from the last {@link #run} (in {@link #outputs()} order), {@code rows *
         * width} from index 0; valid until the next run.
         */
        FloatBuffer output(int i);

        @Override
        void close();
    }
}
