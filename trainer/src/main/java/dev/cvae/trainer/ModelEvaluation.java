package dev.cvae.trainer;

import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.export.ModelManifest;
import dev.cvae.trainer.judge.ExportedModel;
import dev.cvae.trainer.judge.JudgePanel;
import dev.cvae.trainer.judge.LikelihoodBound;
import dev.cvae.trainer.judge.ObedienceReport;
import dev.cvae.trainer.judge.OnnxCvae;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code cvae-train report} measures of an exported model before it draws the report, through its ONNX files
 * as a server runs them: the importance-weighted bound beside the negative ELBO on held-out images, and label
 * obedience by the independent judges of a judge directory. Both go into model.json's {@code evaluation}.
 */
public final class ModelEvaluation {
    /**
     * @param judge           judge directory ({@code judges/NAME}), or null: no obedience
     * @param judgeData       the judge's data where it is not where its card says, or null
     * @param neighbours      k of the nearest-neighbour judge
     * @param samplesPerLabel prior samples decoded per label for obedience
     * @param iwaeK           importance samples per image for the bound; 0: no bound
     * @param seed            seed of the posterior and prior samples
     * @param threads         ONNX Runtime intra-op threads
     */
    public record Options(Path judge, Path judgeData, int neighbours, int samplesPerLabel, int iwaeK, long seed, int threads) {
        public Options {
            if (samplesPerLabel < 1) throw new IllegalArgumentException("--samples-per-label must be >= 1, got " + samplesPerLabel);
            if (iwaeK < 0) throw new IllegalArgumentException("--iwae-k must be >= 0 (0 skips the bound), got " + iwaeK);
            if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
        }
    }

    /** Either may be null: not measured. */
    public record Result(ModelManifest.Bound bound, ModelManifest.IndependentObedience obedience) {
    }

    private final PrintStream log;

    public ModelEvaluation(PrintStream log) {
        this.log = log;
    }

    /**
     * @param heldOut       held-out images for the bound, or null: then the judge's real test images, if a judge is given
     * @param heldOutSource where {@code heldOut} came from, recorded with the bound
     */
    public Result measure(Path modelDir, LabelledImages heldOut, String heldOutSource, Options options) {
        ExportedModel model = ExportedModel.read(modelDir);
        JudgePanel panel = null;
        if (options.judge() != null) {
            model.requireLabelConditioning("report --judge");
            panel = JudgePanel.open(options.judge(), options.judgeData(), options.neighbours(), model);
        }
        LabelledImages boundImages = heldOut;
        String boundSource = heldOutSource;
        if (boundImages == null && panel != null) {
            boundImages = panel.data().test();
            boundSource = panel.data().directory() + " (test split)";
        }
        ModelManifest.Bound bound = null;
        ModelManifest.IndependentObedience obedience = null;
        try (OnnxCvae cvae = OnnxCvae.open(model, options.threads())) {
            if (boundImages != null && options.iwaeK() > 0) {
                if ("bernoulli".equals(model.outputDistribution())) {
                    bound = bound(cvae, boundImages, boundSource, options);
                } else {
                    log.printf("bound: skipped, %s has a %s output distribution and the bound is computed for Bernoulli decoders only%n",
                            model.name(), model.outputDistribution());
                }
            }
            if (panel != null) {
                long start = System.nanoTime();
                ObedienceReport report = panel.obedience(cvae, options.samplesPerLabel(), options.seed(), 1.0);
                log.printf("obedience: %,d prior samples per label judged by %s and %s in %.0f s%n%s", options.samplesPerLabel(),
                        panel.directory(), panel.judges().get(1).name(), (System.nanoTime() - start) / 1e9, report.toMarkdown());
                obedience = toManifest(report, panel.directory());
            }
        }
        return new Result(bound, obedience);
    }

    private ModelManifest.Bound bound(OnnxCvae cvae, LabelledImages images, String source, Options options) {
        long start = System.nanoTime();
        LikelihoodBound.Elbo elbo = LikelihoodBound.elbo(cvae, images, options.seed());
        LikelihoodBound.Iwae iwae = LikelihoodBound.iwae(cvae, images, options.iwaeK(), options.seed());
        log.printf("bound: %,d held-out images, negative ELBO %.2f, negative IWAE (k = %d) %.2f nats per image, %.0f s%n",
                images.size(), elbo.negElbo(), iwae.k(), iwae.negIwae(), (System.nanoTime() - start) / 1e9);
        return new ModelManifest.Bound(source, images.size(), options.seed(), round(elbo.negElbo()), iwae.k(), round(iwae.negIwae()));
    }

    private static ModelManifest.IndependentObedience toManifest(ObedienceReport report, Path judgeDir) {
        List<ModelManifest.JudgeObedience> judges = new ArrayList<>();
        for (ObedienceReport.JudgeResult j : report.judges()) {
            List<ModelManifest.LabelShare> labels = new ArrayList<>();
            for (int label = 0; label < report.labelNames().size(); label++) {
                labels.add(new ModelManifest.LabelShare(report.labelNames().get(label), round(j.obedience().of(label)),
                        round(j.realTest().of(label)), j.realTest().total()[label]));
            }
            judges.add(new ModelManifest.JudgeObedience(j.judge(), round(j.obedience().overall()), round(j.realTest().overall()), labels));
        }
        return new ModelManifest.IndependentObedience(judgeDir.toString(), report.samplesPerLabel(), report.seed(),
                report.temperature(), judges);
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
