package dev.cvae.trainer.judge;

import dev.cvae.trainer.data.Augmentation;
import java.util.List;
import java.util.Map;

/**
 * {@code judge.json}, the card beside a strong judge's weights: what it was trained on (with the SHA-256 of each
 * data file, so that an evaluation can refuse other data), how, and how well it classifies real test images,
 * overall and per label.
 *
 * @param dataDirectory the data directory as the training command named it
 * @param dataSha256    file name -> SHA-256 of every file in the data directory
 * @param weights       file name of the DL4J model beside this card, and its SHA-256
 */
public record JudgeCard(int formatVersion, String dataset, String dataDirectory, Map<String, String> dataSha256,
                        List<String> labelNames, Image image, String architecture, long parameters, Weights weights,
                        Training training, List<EpochRecord> epochs, TestAccuracy test, String createdAt) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "judge.json";

    public JudgeCard {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion " + formatVersion + " is not " + FORMAT_VERSION);
        }
        if (labelNames == null || labelNames.size() < 2) throw new IllegalArgumentException("labelNames must name >= 2 labels");
        if (image == null || weights == null) throw new IllegalArgumentException("image and weights are required");
        labelNames = List.copyOf(labelNames);
    }

    public record Image(int channels, int height, int width) {
    }

    public record Weights(String file, String sha256) {
    }

    /** {@code augmentation}: shift and elastic alpha/sigma in pixels, rotation in degrees. */
    public record Training(String command, long seed, int epochs, int batchSize, double learningRate,
                           String learningRateSchedule, double validationShare, int trainImages, int validationImages,
                           Augmentation augmentation, int keptEpoch, double secondsPerEpoch, String backend) {
    }

    /** Accuracies after each epoch; validation is null when nothing was held out. */
    public record EpochRecord(int epoch, double trainLoss, Double validationAccuracy, double testAccuracy, double seconds) {
    }

    /** Of the kept weights on the whole test split: overall, and per label name. */
    public record TestAccuracy(int images, double overall, Map<String, Double> perLabel) {
    }

    public byte[] toJson() {
        return CardJson.write(this);
    }

    public static JudgeCard fromJson(byte[] json) {
        return CardJson.read(json, JudgeCard.class, FILE_NAME);
    }
}
