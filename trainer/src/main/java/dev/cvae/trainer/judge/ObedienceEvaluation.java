package dev.cvae.trainer.judge;

import dev.cvae.trainer.data.LabelledImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Label obedience from the outside: for each label, {@code samplesPerLabel} prior samples z ~ N(0, T^2 I) (T = 1 unless
 * a sampling temperature is given, as the server's {@code GenerateRequest.temperature}) are decoded
 * under the one-hot of that label by the exported decoder (the pixel means, as the server returns them), and every
 * judge says which class each decoded image shows. Beside each judge's obedience stands its accuracy on the real
 * test images of the same label, the ceiling that obedience should be read against. The same samples go to every
 * judge; the same seed draws the same samples.
 */
public final class ObedienceEvaluation {
    private static final int BATCH = 500;

    private ObedienceEvaluation() {
    }

    public static ObedienceReport measure(OnnxCvae cvae, List<Judge> judges, LabelledImages realTest, int samplesPerLabel,
                                          long seed) {
        return measure(cvae, judges, realTest, samplesPerLabel, seed, 1.0);
    }

    /** @param temperature the prior's standard deviation, in (0, 2] as the server allows it */
    public static ObedienceReport measure(OnnxCvae cvae, List<Judge> judges, LabelledImages realTest, int samplesPerLabel,
                                          long seed, double temperature) {
        if (!(temperature > 0 && temperature <= 2)) throw new IllegalArgumentException("--temperature must be in (0, 2], got " + temperature);
        ExportedModel model = cvae.model();
        model.requireLabelConditioning("judge obedience");
        if (samplesPerLabel < 1) throw new IllegalArgumentException("samplesPerLabel must be >= 1, got " + samplesPerLabel);
        if (realTest.classCount() != model.labelNames().size() || realTest.shape().size() != model.image().size()) {
            throw new IllegalArgumentException("the test images are " + realTest.shape() + " in " + realTest.classCount()
                    + " classes, but " + model.name() + " makes " + model.image() + " images of " + model.labelNames().size() + " labels");
        }
        int labels = model.labelNames().size();
        int pixels = model.image().size();
        int[][] hits = new int[judges.size()][labels];
        Random rng = new Random(seed);
        for (int label = 0; label < labels; label++) {
            for (int done = 0; done < samplesPerLabel; done += BATCH) {
                int n = Math.min(BATCH, samplesPerLabel - done);
                float[] z = new float[n * model.latentDim()];
                for (int i = 0; i < z.length; i++) z[i] = (float) (rng.nextGaussian() * temperature);
                float[] c = new float[n * labels];
                for (int i = 0; i < n; i++) c[i * labels + label] = 1f;
                float[] images = cvae.decode(z, c, n);
                for (int j = 0; j < judges.size(); j++) {
                    for (int predicted : judges.get(j).classify(Nd4j.create(images, new long[] {n, pixels}, 'c'))) {
                        if (predicted == label) hits[j][label]++;
                    }
                }
            }
        }
        List<ObedienceReport.JudgeResult> results = new ArrayList<>();
        int[] requested = new int[labels];
        java.util.Arrays.fill(requested, samplesPerLabel);
        for (int j = 0; j < judges.size(); j++) {
            results.add(new ObedienceReport.JudgeResult(judges.get(j).name(), new LabelAccuracy(hits[j], requested),
                    LabelAccuracy.of(judges.get(j), realTest)));
        }
        return new ObedienceReport(model.name(), model.labelNames(), samplesPerLabel, seed, temperature, results);
    }
}
