package dev.cvae.trainer.classify;

import dev.cvae.trainer.data.Augmentation;
import dev.cvae.trainer.data.Conditioning;
import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.model.FrozenNetwork;
import dev.cvae.trainer.train.ProgressBar;
import dev.cvae.trainer.train.Seeds;
import java.io.PrintStream;
import java.util.List;
import java.util.function.BinaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The classifiers a run fits on the primary attribute's classes besides the CVAE: the auxiliary MLP, fitted
 * first, whose frozen copy asks decoded prior samples to show their label; and the LeNet-style judge, fitted
 * after training, which scores how often the finished model's samples show the label they were asked for.
 * Each is seeded by its own purpose in {@link Seeds} and logs its held-out accuracy. Not thread-safe.
 */
public final class LabelClassifiers {
    /** The judge's name in model.json. */
    public static final String JUDGE = "lenet";
    private static final int BATCH_SIZE = 128;

    private final ClassifierOptions options;
    private final Seeds seeds;
    private final PrintStream log;

    public LabelClassifiers(ClassifierOptions options, Seeds seeds, PrintStream log) {
        this.options = options;
        this.seeds = seeds;
        this.log = log;
    }

    /** The judge's verdict on a finished model: its own held-out accuracy and how well samples obey their label. */
    public record Verdict(String judge, double judgeTestAccuracy, LabelObedience obedience) {
    }

    /** Fits the auxiliary MLP and returns its frozen copy for the CVAE graph. */
    public FrozenNetwork fitAuxiliary(LabelledImages train, LabelledImages test, int classCount) {
        long seed = seeds.auxiliaryClassifier();
        ImageClassifier aux = ImageClassifier.mlp(train.shape(), classCount, options.auxHidden(), seed);
        fit("auxiliary", options.auxAugmentation().changesNothing() ? "MLP" : "MLP, distorted images", aux, train, test, seed,
                options.auxAugmentation(), seeds.auxiliaryDistortions());
        return aux.frozen();
    }

    /**
     * Fits the judge, then decodes {@code samplesPerLabel} prior samples per label with {@code decoder} and
     * logs the share it assigns to the requested label, overall, at the worst label and per label.
     *
     * @param decoder (z [N, latent], c [N, K]) -> pixel probabilities
     */
    public Verdict judge(LabelledImages train, LabelledImages test, Conditioning conditioning, BinaryOperator<INDArray> decoder,
                         int latentDim) {
        long seed = seeds.judge();
        ImageClassifier judge = ImageClassifier.lenet(train.shape(), conditioning.classCount(), seed);
        double accuracy = fit("judge", "LeNet", judge, train, test, seed, Augmentation.NONE, 0);
        LabelObedience obedience = LabelObedience.measure(decoder, judge, conditioning, latentDim, options.samplesPerLabel(),
                seeds.labelObedience());
        List<String> labelNames = conditioning.labelNames();
        log.printf("label obedience: %.4f of samples show the requested label (worst: %s at %.4f)%n",
                obedience.overall(), labelNames.get(obedience.worstLabel()), obedience.perLabel()[obedience.worstLabel()]);
        StringBuilder perLabel = new StringBuilder("  per label:");
        for (int i = 0; i < labelNames.size(); i++) {
            perLabel.append(String.format(" %s=%.3f", labelNames.get(i), obedience.perLabel()[i]));
        }
        log.println(perLabel);
        return new Verdict(JUDGE, accuracy, obedience);
    }

    /** Fits {@code classifier} for the configured epochs, logs its held-out accuracy and returns it. */
    private double fit(String role, String kind, ImageClassifier classifier, LabelledImages train, LabelledImages test, long seed,
                       Augmentation augmentation, long distortionSeed) {
        int epochs = options.epochs();
        ProgressBar bar = ProgressBar.onConsole(log, role + " (" + kind + ")", "img", (long) train.size() * epochs);
        classifier.fit(train, epochs, BATCH_SIZE, seed, augmentation, distortionSeed, bar::advance);
        bar.finish();
        double accuracy = classifier.accuracy(test);
        log.printf("%s classifier: test accuracy %.4f%n", role, accuracy);
        return accuracy;
    }
}
