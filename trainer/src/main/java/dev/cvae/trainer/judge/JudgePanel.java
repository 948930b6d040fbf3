package dev.cvae.trainer.judge;

import dev.cvae.trainer.data.IdxDataset;
import java.nio.file.Path;
import java.util.List;

/**
 * The two independent judges a model is judged by, ready to use: the strong CNN (or CNN ensemble) of a judge
 * directory and k nearest neighbours on the pixels of the same training split, with the real test images each
 * judge's ceiling is measured on.
 * Opening one checks that the judge reads the model's images and labels, and that the data is the data the judge
 * was trained on (by the SHA-256 of every file its card records).
 *
 * @param directory the judge directory ({@code judges/NAME})
 * @param judges    the CNN, then kNN
 * @param data      the judge's data set: kNN's neighbours (train) and the real test images
 */
public record JudgePanel(Path directory, List<Judge> judges, IdxDataset data) {

    /**
     * @param dataOverride the judge's data where it is not where its card says, or null
     * @param neighbours   k of the nearest-neighbour judge
     */
    public static JudgePanel open(Path directory, Path dataOverride, int neighbours, ExportedModel model) {
        JudgeDirectory.Loaded judge = JudgeDirectory.load(directory);
        JudgeCard card = judge.card();
        if (!model.labelNames().equals(card.labelNames())) {
            throw new IllegalArgumentException("model " + model.name() + " has labels " + model.labelNames()
                    + " but judge " + directory + " was trained on " + card.labelNames());
        }
        if (!model.image().equals(judge.shape())) {
            throw new IllegalArgumentException("model " + model.name() + " makes " + model.image() + " images, judge "
                    + directory + " reads " + judge.shape());
        }
        if (neighbours < 1) throw new IllegalArgumentException("--knn must be >= 1, got " + neighbours);
        Path dataDir = dataOverride != null ? dataOverride : Path.of(card.dataDirectory());
        DataFingerprint.check(dataDir, card.dataSha256());
        IdxDataset dataset = IdxDataset.load(dataDir, card.labelNames().size());
        return new JudgePanel(directory, List.of(judge.judge(), NearestNeighbourJudge.fit(dataset.train(), neighbours)), dataset);
    }

    /** Obedience of {@code cvae}'s prior samples by both judges, beside each judge's accuracy on the real test images. */
    public ObedienceReport obedience(OnnxCvae cvae, int samplesPerLabel, long seed, double temperature) {
        return ObedienceEvaluation.measure(cvae, judges, data.test(), samplesPerLabel, seed, temperature);
    }
}
