package dev.cvae.server.testing;

import dev.cvae.server.runtime.InferenceFunction;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fake network for batcher tests: output "y" = 2 * input "x" (width 1 each, or the given widths). Runs can be
 * held at a gate, and every row it computed is recorded, so tests see what ran and in which batches.
 */
public final class GatedFunction implements InferenceFunction {
    private final List<Port> inputs;
    private final List<Port> outputs;
    private final CountDownLatch gate;
    private final CountDownLatch firstRunStarted = new CountDownLatch(1);
    private final List<List<Float>> batches = Collections.synchronizedList(new ArrayList<>());
    private volatile RuntimeException failure;

    public GatedFunction(boolean closed) {
        this(List.of(new Port("x", 1)), List.of(new Port("y", 1)), closed);
    }

    public GatedFunction(List<Port> inputs, List<Port> outputs, boolean closed) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.gate = new CountDownLatch(closed ? 1 : 0);
    }

    public void open() {
        gate.countDown();
    }

    public void failWith(RuntimeException e) {
        failure = e;
    }

    public void awaitFirstRun() throws InterruptedException {
        if (!firstRunStarted.await(20, TimeUnit.SECONDS)) throw new AssertionError("no inference run started");
    }

    /** The first input column of each run, in run order. */
    public List<List<Float>> batches() {
        synchronized (batches) {
            return List.copyOf(batches);
        }
    }

    @Override
    public List<Port> inputs() {
        return inputs;
    }

    @Override
    public List<Port> outputs() {
        return outputs;
    }

    @Override
    public Map<String, float[]> run(Map<String, FloatBuffer> in, int rows) throws InterruptedException {
        firstRunStarted.countDown();
        if (!gate.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("gate never opened");
        FloatBuffer x = in.get(inputs.get(0).name());
        int w = inputs.get(0).width();
        List<Float> firstColumn = new ArrayList<>();
        for (int r = 0; r < rows; r++) firstColumn.add(x.get(r * w));
        batches.add(firstColumn);
        if (failure != null) throw failure;
        Map<String, float[]> out = new java.util.HashMap<>();
        for (Port port : outputs) {
            float[] y = new float[rows * port.width()];
            for (int r = 0; r < rows; r++) for (int j = 0; j < port.width(); j++) y[r * port.width() + j] = 2 * x.get(r * w);
            out.put(port.name(), y);
        }
        return out;
    }
}
