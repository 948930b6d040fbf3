package dev.cvae.trainer.report;

import dev.cvae.trainer.data.Conditioning;
import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.export.ModelManifest;
import dev.cvae.trainer.export.OnnxFiles;
import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * The training report written next to a model ({@code report/}): loss curves (negative ELBO, reconstruction and
 * KL, train and validation), a grid of prior samples per label, the same latent vectors decoded under every
 * label, and for a 2-dimensional latent the test set's posterior means coloured by label and the decoded
 * manifold over [-2, 2]^2 for each label; label obedience by independent judges beside their ceilings, when
 * model.json records it; PNG files and an {@code index.html} that shows them. Every figure is
 * drawn with the exported ONNX files, so it shows what a server serves.
 */
public final class TrainingReport {
    public static final String DIR = "report";
    private static final int SAMPLES = 10;
    private static final int MANIFOLD = 15;
    private static final int SCATTER_POINTS = 5000;

    private TrainingReport() {
    }

    /**
     * The report's files by their path in the model directory ({@code report/...}), drawn by running {@code onnx}
     * in ONNX Runtime.
     *
     * @param test held-out images for the latent scatter; needed only when the latent is 2-dimensional
     * @param seed draws the sample grids' latent vectors ({@code Seeds#report})
     */
    public static Map<String, byte[]> files(ModelManifest manifest, OnnxFiles onnx, Conditioning conditioning, LabelledImages test,
                                            long seed) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ExportedNetworks nets = new ExportedNetworks(onnx.encoder(), onnx.decoder())) {
            render(manifest, nets, conditioning, test, seed).forEach((name, bytes) -> files.put(DIR + "/" + name, bytes));
        }
        return files;
    }

    /** The report's files, by name inside {@link #DIR}. */
    static Map<String, byte[]> render(ModelManifest manifest, ExportedNetworks nets, Conditioning conditioning,
                                      LabelledImages test, long seed) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> figures = new ArrayList<>();
        ModelManifest.Image image = manifest.image();
        int latent = manifest.latentDim();
        int scale = Math.max(1, 56 / Math.max(image.height(), image.width()));
        Random rng = new Random(seed);

        files.put("loss.png", lossCurves(manifest.metrics()));
        figures.add(ReportPage.figure("loss.png", "Loss per epoch on the training images (a sample of up to 10,000) and on the held-out "
                + "images: negative ELBO = reconstruction + KL, in nats per image."
                + (manifest.metrics().size() > 2 ? " Epoch 0 (the untrained model) is left out of the scale." : "")));

        List<float[]> rows = conditioning.gridRows(8);
        List<String> captions = rows.stream().map(conditioning::describe).toList();
        int k = conditioning.size();
        float[] zAll = gaussian(rng, rows.size() * SAMPLES * latent);
        files.put("samples.png", ImageGrid.png(decodeRows(nets, rows, zAll, latent, k), rows.size(), SAMPLES,
                image.channels(), image.height(), image.width(), scale, captions));
        figures.add(ReportPage.figure("samples.png", "Prior samples z ~ N(0, I), " + SAMPLES + " per row, decoded under each row's condition."));

        float[] zShared = gaussian(rng, SAMPLES * latent);
        float[] zRepeated = new float[rows.size() * SAMPLES * latent];
        for (int r = 0; r < rows.size(); r++) System.arraycopy(zShared, 0, zRepeated, r * SAMPLES * latent, SAMPLES * latent);
        files.put("same-z.png", ImageGrid.png(decodeRows(nets, rows, zRepeated, latent, k), rows.size(), SAMPLES,
                image.channels(), image.height(), image.width(), scale, captions));
        figures.add(ReportPage.figure("same-z.png", "The same " + SAMPLES + " latent vectors (one per column) decoded under every row's "
                + "condition: the style stays, the condition changes it."));

        ModelManifest.IndependentObedience judged = manifest.evaluation() == null ? null : manifest.evaluation().independentObedience();
        if (judged != null) {
            files.put("obedience.png", obedienceChart(judged));
            figures.add(ReportPage.figure("obedience.png", "Label obedience by judges kept apart from training: the share of "
                    + judged.samplesPerLabel() + " prior samples per label (z ~ N(0, " + judged.temperature() + "² I)) that each judge "
                    + "assigns to the requested label, beside the same judge's accuracy on the real test images of that label, "
                    + "the ceiling it can be read against (judge: " + judged.judgeDirectory() + ")."));
        }

        if (latent == 2) {
            files.put("latent-scatter.png", scatter(nets, conditioning, test));
            figures.add(ReportPage.figure("latent-scatter.png", "Posterior means of the held-out images (up to " + SCATTER_POINTS
                    + "), coloured by " + (conditioning.primary() >= 0 ? "label. The label reaches the decoder through c, so "
                    + "a CVAE that uses it needs no class information in z: the classes overlap, and z holds what the labels "
                    + "do not say (style, slant, thickness). Clusters by label here would mean the latent is leaking the label." : "condition.")));
            for (int r = 0; r < rows.size(); r++) {
                String name = "manifold-" + r + ".png";
                files.put(name, manifold(nets, rows.get(r), image, scale));
                figures.add(ReportPage.figure(name, "Decoded manifold under " + captions.get(r) + ": z1 from -2 (left) to 2 (right), "
                        + "z2 from 2 (top) to -2 (bottom), " + MANIFOLD + " x " + MANIFOLD + " points."));
            }
        }
        files.put("index.html", ReportPage.html(manifest, figures).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** Tableau's paired colours: per judge, a dark one for obedience and a light one for its real-test ceiling. */
    private static final Color[][] JUDGE_COLOURS = {
        {new Color(0x1f77b4), new Color(0xaec7e8)}, {new Color(0xff7f0e), new Color(0xffbb78)}, {new Color(0x2ca02c), new Color(0x98df8a)}};

    private static byte[] obedienceChart(ModelManifest.IndependentObedience judged) {
        List<String> labels = judged.judges().get(0).labels().stream().map(ModelManifest.LabelShare::label).toList();
        List<Charts.Bars> bars = new ArrayList<>();
        for (int j = 0; j < judged.judges().size(); j++) {
            ModelManifest.JudgeObedience judge = judged.judges().get(j);
            Color[] colours = JUDGE_COLOURS[j % JUDGE_COLOURS.length];
            bars.add(new Charts.Bars("samples obey (" + judge.judge() + ")",
                    judge.labels().stream().map(ModelManifest.LabelShare::obedience).toList(), colours[0]));
            bars.add(new Charts.Bars(judge.judge() + " on real test images",
                    judge.labels().stream().map(ModelManifest.LabelShare::realTestAccuracy).toList(), colours[1]));
        }
        return Charts.groupedBars("label obedience by independent judges", labels, bars, "% judged the requested label");
    }

    private static byte[] lossCurves(List<ModelManifest.EpochRecord> metrics) {
        List<ModelManifest.EpochRecord> shown = metrics.size() > 2 ? metrics.subList(1, metrics.size()) : metrics;
        double[] epochs = shown.stream().mapToDouble(ModelManifest.EpochRecord::epoch).toArray();
        return Charts.linePanels(List.of(
                trainAndValidation("negative ELBO", epochs, shown, m -> m.trainRec() + m.trainKl(), ModelManifest.EpochRecord::testNegElbo),
                trainAndValidation("reconstruction", epochs, shown, ModelManifest.EpochRecord::trainRec, ModelManifest.EpochRecord::testRec),
                trainAndValidation("KL", epochs, shown, ModelManifest.EpochRecord::trainKl, ModelManifest.EpochRecord::testKl)),
                "epoch");
    }

    private static Charts.Panel trainAndValidation(String title, double[] epochs, List<ModelManifest.EpochRecord> shown,
                                                   ToDoubleFunction<ModelManifest.EpochRecord> train,
                                                   ToDoubleFunction<ModelManifest.EpochRecord> validation) {
        return new Charts.Panel(title, List.of(new Charts.Series("train", epochs, shown.stream().mapToDouble(train).toArray()),
                new Charts.Series("validation", epochs, shown.stream().mapToDouble(validation).toArray())));
    }

    /** Decodes SAMPLES latent vectors per row, row r under rows[r]. */
    private static float[] decodeRows(ExportedNetworks nets, List<float[]> rows, float[] z, int latent, int k) {
        int n = rows.size() * SAMPLES;
        float[] c = new float[n * k];
        for (int i = 0; i < n; i++) System.arraycopy(rows.get(i / SAMPLES), 0, c, i * k, k);
        return nets.decode(z, c, n);
    }

    private static byte[] scatter(ExportedNetworks nets, Conditioning conditioning, LabelledImages test) {
        int n = Math.min(SCATTER_POINTS, test.size());
        int d = test.shape().size();
        int k = test.conditionSize();
        float[] x = new float[n * d];
        float[] c = new float[n * k];
        int[] classes = new int[n];
        for (int i = 0; i < n; i++) {
            test.copyPixels(i, x, i * d);
            test.copyCondition(i, c, i * k);
            classes[i] = test.label(i);
        }
        float[] mu = nets.encodeMean(x, c, n);
        List<String> names = conditioning.primary() >= 0 ? conditioning.labelNames() : List.of("all");
        return Charts.scatter(mu, classes, names, "posterior means of held-out images", "z1", "z2");
    }

    private static byte[] manifold(ExportedNetworks nets, float[] condition, ModelManifest.Image image, int scale) {
        int n = MANIFOLD * MANIFOLD;
        int k = condition.length;
        float[] z = new float[n * 2];
        float[] c = new float[n * k];
        for (int row = 0; row < MANIFOLD; row++) {
            for (int col = 0; col < MANIFOLD; col++) {
                int i = row * MANIFOLD + col;
                z[2 * i] = -2f + 4f * col / (MANIFOLD - 1);
                z[2 * i + 1] = 2f - 4f * row / (MANIFOLD - 1);
                System.arraycopy(condition, 0, c, i * k, k);
            }
        }
        return ImageGrid.png(nets.decode(z, c, n), MANIFOLD, MANIFOLD, image.channels(), image.height(), image.width(),
                Math.max(1, scale / 2), null);
    }

    private static float[] gaussian(Random rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rng.nextGaussian();
        return v;
    }
}
