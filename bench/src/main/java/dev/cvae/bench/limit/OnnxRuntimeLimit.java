package dev.cvae.bench.limit;

import dev.cvae.server.runtime.ExecutionDevice;
import dev.cvae.server.runtime.InferenceFunction;
import dev.cvae.server.runtime.OnnxNetwork;
import dev.cvae.server.runtime.SessionFactory;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH: one network of one bundled model run by ONNX Runtime in-process, one batch after another, with the
 * server's session settings ({@link SessionFactory}, one intra-op thread as {@code --intra-op-threads} defaults
 * to). Its runs per second times the batch size is the most images per second the runtime gives one worker on
 * this machine: the limit the server's numbers are compared with.
 *
 * <p>Inputs are made once per trial in a worker's {@link InferenceFunction.Workspace} (the buffers ONNX Runtime
 * reads and writes in place, as in the server): standard normal latents, uniform pixels, one-hot conditioning
 * vectors. The models directory comes from the system property
 * {@value #MODELS_PROPERTY}; {@link OnnxLimitRun} sets it and the parameters.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OnnxRuntimeLimit {
    public static final String MODELS_PROPERTY = "cvae.bench.models";
    /** The server's default --intra-op-threads. */
    static final int INTRA_OP_THREADS = 1;

    @Param({"mnist"})
    public String model;

    @Param({"decoder", "encoder"})
    public String network;

    @Param({"1", "4", "16", "64", "256", "1024"})
    public int batch;

    private OnnxNetwork onnx;
    private InferenceFunction.Workspace space;

    @Setup(Level.Trial)
    public void open() throws Exception {
        Path file = Path.of(System.getProperty(MODELS_PROPERTY, "models")).resolve(model).resolve(network + ".onnx");
        onnx = new SessionFactory(ExecutionDevice.CPU_DEVICE, INTRA_OP_THREADS).open(Files.readAllBytes(file));
        SplittableRandom rng = new SplittableRandom(42);
        space = onnx.workspace(batch);
        for (int i = 0; i < onnx.inputs().size(); i++) {
            InferenceFunction.Port port = onnx.inputs().get(i);
            FloatBuffer values = space.input(i).clear();
            for (int row = 0; row < batch; row++) {
                for (int col = 0; col < port.width(); col++) values.put(value(port, row, col, rng));
            }
        }
    }

    private static float value(InferenceFunction.Port port, int row, int col, SplittableRandom rng) {
        return switch (port.name()) {
            case "c" -> col == row % port.width() ? 1f : 0f;
            case "x" -> (float) rng.nextDouble();
            default -> (float) gaussian(rng);
        };
    }

    private static double gaussian(SplittableRandom rng) {
        double u = 1 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** One run as a batch worker of the server makes it: in the worker's workspace, no input or output copied. */
    @Benchmark
    public FloatBuffer run() throws Exception {
        space.run(batch);
        return space.output(0);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        space.close();
        onnx.close();
    }
}
