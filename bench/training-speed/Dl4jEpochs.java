import dev.cvae.trainer.classify.ImageClassifier;
import dev.cvae.trainer.data.Conditioning;
import dev.cvae.trainer.data.IdxDataset;
import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.model.ArchitectureOptions;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.FrozenNetwork;
import dev.cvae.trainer.model.LossSpec;
import dev.cvae.trainer.train.CvaeTrainer;
import dev.cvae.trainer.train.EpochMetrics;
import dev.cvae.trainer.train.RunControl;
import dev.cvae.trainer.train.TrainingOptions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Times the trainer's own epoch loop ({@link CvaeTrainer}) on the first {@code --images} training images of an
 * IDX data set, with the seed model's objective (Bernoulli pixels, KL weight 1, auxiliary weight 3 through a frozen
 * mlp-256). Benchmark code for bench/training-speed.sh, run as a single source file on the trainer's class path:
 *
 * <pre>java -cp trainer/target/cvae-trainer.jar bench/training-speed/Dl4jEpochs.java --data DIR --arch mlp</pre>
 *
 * The frozen classifier keeps its initial weights: its values do not change the work, and fitting it is no part
 * of an epoch. Prints one {@code RESULT} JSON line per epoch: {@code train_s} is the epoch's training loop as the
 * trainer records it in model.json ({@code metrics[].seconds}); {@code eval_s} is the loss pass the trainer runs
 * after it (train probe and test split, forward only), which model.json does not count; the {@code _cpu_s} fields
 * are the process's CPU seconds over the same spans. Epoch 1's {@code train_cpu_s} is left out: its start is not
 * known apart from the graph's set-up and the untrained model's pass.
 */
public final class Dl4jEpochs {
    /** Wall clock and the process's CPU time (all threads, native ones included), in nanoseconds. */
    private record Mark(long wall, long cpu) {
        static Mark now() {
            return new Mark(System.nanoTime(), ((com.sun.management.OperatingSystemMXBean)
                    ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime());
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    public static void main(String[] args) {
        Path data = null;
        String arch = "mlp";
        int images = 20_000;
        int epochs = 2;
        int batch = 0;
        if (args.length % 2 != 0) throw new IllegalArgumentException("options come in pairs: --name value; got " + List.of(args));
        for (int i = 0; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--data" -> data = Path.of(value);
                case "--arch" -> arch = value;
                case "--images" -> images = Integer.parseInt(value);
                case "--epochs" -> epochs = Integer.parseInt(value);
                case "--batch" -> batch = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --data, --arch, --images, --epochs, --batch");
            }
        }
        if (data == null) throw new IllegalArgumentException("--data DIR is required");
        if (!arch.equals("mlp") && !arch.equals("conv")) throw new IllegalArgumentException("--arch must be mlp or conv, got " + arch);
        boolean conv = arch.equals("conv");
        if (batch == 0) batch = conv ? 64 : 128;

        long loadStart = System.nanoTime();
        IdxDataset idx = IdxDataset.load(data, 10);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        LabelledImages train = idx.train().head(Math.min(images, idx.train().size()));
        Conditioning conditioning = Conditioning.oneHot("label",
                IntStream.range(0, 10).mapToObj(Integer::toString).toList());
        ArchitectureOptions options = conv
                ? new ArchitectureOptions(CvaeArchitecture.Kind.CONV, List.of(32, 64), List.of(256), 8, List.of(256), 0)
                : ArchitectureOptions.mlp(List.of(512, 256), 8, List.of(256, 512));
        CvaeArchitecture architecture = options.forData(train.shape(), conditioning.size());
        FrozenNetwork aux = ImageClassifier.mlp(train.shape(), 10, 256, 44).frozen();
        TrainingOptions training = new TrainingOptions(epochs, batch, 1e-3, LossSpec.bernoulli(3.0), 42, 10_000, 0);

        // the marks: the end of each epoch's training loop (its progress bar reaching 100%) and the end of each
        // epoch (the observer, after the loss pass); an epoch after the first starts where the one before ended
        List<Mark> loopEnds = new ArrayList<>();
        List<Mark> epochEnds = new ArrayList<>();
        RunControl control = new RunControl(null, false, "bench", m -> epochEnds.add(Mark.now()));
        PrintStream progress = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] bytes, int off, int len) {
                if (new String(bytes, off, len).contains(" 100% ")) loopEnds.add(Mark.now());
            }
        }, true);
        CvaeTrainer.Result result = new CvaeTrainer(progress).train(train, idx.test(), architecture, conditioning,
                training, aux, control);
        List<EpochMetrics> history = result.history();
        for (int epoch = 1; epoch < history.size(); epoch++) {
            EpochMetrics m = history.get(epoch);
            Mark loopEnd = loopEnds.get(epoch - 1);
            Mark epochEnd = epochEnds.get(epoch - 1);
            String trainCpu = epoch == 1 ? "null" : seconds(loopEnd.cpu - epochEnds.get(epoch - 2).cpu);
            String eval = seconds(epochEnd.wall - loopEnd.wall);
            String evalCpu = seconds(epochEnd.cpu - loopEnd.cpu);
            System.out.printf(Locale.ROOT, "RESULT {\"framework\": \"dl4j\", \"arch\": \"%s\", \"batch\": %d, "
                            + "\"images\": %d, \"epoch\": %d, \"train_s\": %.3f, \"train_cpu_s\": %s, \"eval_s\": %s, "
                            + "\"eval_cpu_s\": %s, \"eval_images\": %d, \"load_s\": %.3f, \"test_neg_elbo\": %.3f, "
                            + "\"omp_threads\": \"%s\"}%n",
                    arch, batch, train.size(), epoch, m.seconds(), trainCpu, eval, evalCpu,
                    Math.min(10_000, train.size()) + idx.test().size(), loadSeconds, m.testNegElbo(),
                    System.getenv().getOrDefault("OMP_NUM_THREADS", ""));
        }
    }
}
