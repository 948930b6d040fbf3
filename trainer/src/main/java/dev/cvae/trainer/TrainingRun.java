package dev.cvae.trainer;

import dev.cvae.trainer.classify.LabelClassifiers;
import dev.cvae.trainer.data.Conditioning;
import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.data.TrainingData;
import dev.cvae.trainer.export.ModelManifest;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.FrozenNetwork;
import dev.cvae.trainer.train.Checkpoint;
import dev.cvae.trainer.train.CvaeTrainer;
import dev.cvae.trainer.train.EpochObserver;
import dev.cvae.trainer.train.RunControl;
import dev.cvae.trainer.train.Seeds;
import dev.cvae.trainer.train.TrainingOptions;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The training use case, from data to model directory: load and check the data, fit the auxiliary classifier
 * when the label loss is on, fit the CVAE (checkpointing every epoch, or resuming), let the judge score the
 * finished model, and hand it to {@link ModelExport}. Every random choice comes from the spec's seed through
 * {@link Seeds}. One run at a time per instance.
 */
public final class TrainingRun {

    /** The written model's manifest and where it is. */
    public record Outcome(Path modelDir, ModelManifest manifest) {
    }

    private final PrintStream log;
    private final EpochObserver observer;

    public TrainingRun(PrintStream log) {
        this(log, EpochObserver.NONE);
    }

    /** @param observer told after each epoch, once its checkpoint is written */
    public TrainingRun(PrintStream log, EpochObserver observer) {
        this.log = log;
        this.observer = observer;
    }

    public Outcome run(TrainingSpec spec) {
        long start = System.nanoTime();
        Seeds seeds = new Seeds(spec.training().seed());
        TrainingData data = TrainingData.load(spec.data(), seeds.dataSplit(), log);
        LabelledImages train = data.train();
        LabelledImages test = data.test();
        Conditioning conditioning = data.conditioning();
        log.printf("data: %s, %d train / %d test images of %s, conditioning %s (%d values): %s%n", spec.data().path(), train.size(),
                test.size(), train.shape(), conditioning.kind(), conditioning.size(), TrainingData.describe(conditioning));

        // checked before any classifier is fitted: a conv stack that does not tile the images fails here
        CvaeArchitecture arch = spec.architecture().forData(train.shape(), conditioning.size());
        TrainingOptions options = spec.training();
        boolean labelled = conditioning.classCount() >= 2;
        if (!labelled) {
            log.println("no categorical or binary attribute: no auxiliary label loss and no label-obedience check");
            options = options.withLoss(options.loss().withAuxWeight(0));
        }

        RunControl control = new RunControl(spec.target().checkpointDir(), spec.resume(),
                fingerprint(spec, arch, options, data), observer);
        LabelClassifiers classifiers = new LabelClassifiers(spec.classifiers(), seeds, log);
        // a resumed run's checkpointed graph carries its frozen auxiliary classifier already
        FrozenNetwork aux = options.loss().auxWeight() > 0 && !spec.resume()
                ? classifiers.fitAuxiliary(train, test, conditioning.classCount()) : null;
        CvaeTrainer.Result result = new CvaeTrainer(log).train(train, test, arch, conditioning, options, aux, control);

        // the judge scores only the finished model: fitted last, so that a resume (or a refused one) does not wait for it
        LabelClassifiers.Verdict verdict = labelled
                ? classifiers.judge(train, test, conditioning, result.graph()::decode, arch.latentDim()) : null;
        // a resumed run took its earlier processes' epochs as well
        double seconds = (System.nanoTime() - start) / 1e9 + result.earlierSeconds();
        TrainedModel model = new TrainedModel(arch, conditioning, options, result, verdict, train.size(), test.size(), seconds);

        ModelManifest manifest = ModelExport.write(spec, model, test);
        Checkpoint.delete(spec.target().checkpointDir());
        log.printf("wrote %s (test -ELBO %.2f%s) in %.0f s%n", spec.target().modelDir(), result.exported().testNegElbo(),
                verdict == null ? "" : String.format(", label obedience %.4f", verdict.obedience().overall()), seconds);
        return new Outcome(spec.target().modelDir(), manifest);
    }

    /** Everything that decides the result: a checkpoint made with anything else cannot be resumed. */
    private static String fingerprint(TrainingSpec spec, CvaeArchitecture arch, TrainingOptions options, TrainingData data) {
        return String.join("|", arch.toString(), options.toString(), spec.data().path().toAbsolutePath().normalize().toString(),
                Integer.toString(data.train().size()), Integer.toString(data.test().size()), data.conditioning().toString(),
                String.valueOf(spec.data().folder()));
    }
}
