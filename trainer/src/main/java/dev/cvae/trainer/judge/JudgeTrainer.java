package dev.cvae.trainer.judge;

import dev.cvae.trainer.data.Augmentation;
import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.data.LabelledImages;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Trains a {@link CnnJudge} on the training split only: a share of it is held out for validation, the rest is
 * distorted by {@link Augmentation} anew each epoch, and the epoch with the best validation accuracy (the later
 * one on a tie) is kept. Test accuracy is measured after every epoch for the record but never chooses anything.
 * With a checkpoint directory, the state after every epoch is saved there ({@link JudgeCheckpoint}) and a run
 * can resume from it. Not thread-safe.
 */
public final class JudgeTrainer {
    private final PrintStream log;

    public JudgeTrainer(PrintStream log) {
        this.log = log;
    }

    /**
     * @param validationAccuracy NaN when nothing was held out
     */
    public record Epoch(int epoch, double trainLoss, double validationAccuracy, double testAccuracy, double seconds) {
    }

    /** The kept judge, the epoch it comes from, every epoch's numbers and the split sizes. */
    public record Result(CnnJudge judge, int keptEpoch, List<Epoch> epochs, int trainImages, int validationImages) {
        public Result {
            epochs = List.copyOf(epochs);
        }
    }

    /** {@link #train(LabelledImages, LabelledImages, JudgeTrainingOptions, Path, boolean)} without checkpoints. */
    public Result train(LabelledImages trainSplit, LabelledImages test, JudgeTrainingOptions options) {
        return train(trainSplit, test, options, null, false);
    }

    /**
     * @param checkpoint directory for the state after every epoch (removed at the end), or null for none
     * @param resume     continue from the checkpoint there, if there is one made with the same options
     */
    public Result train(LabelledImages trainSplit, LabelledImages test, JudgeTrainingOptions options, Path checkpoint,
                        boolean resume) {
        Random rng = new Random(options.seed());
        int[] shuffled = ImageBatch.shuffledOrder(trainSplit.size(), rng);
        int held = (int) Math.round(trainSplit.size() * options.validationShare());
        LabelledImages validation = held == 0 ? null : trainSplit.select(Arrays.copyOfRange(shuffled, 0, held));
        LabelledImages train = trainSplit.select(Arrays.copyOfRange(shuffled, held, shuffled.length));
        String fingerprint = options + " train " + train.size() + " validation " + held + " test " + test.size();

        JudgeCheckpoint.Loaded resumed = resume && checkpoint != null
                ? JudgeCheckpoint.load(checkpoint, train.shape(), train.classCount()) : null;
        if (resumed != null && !resumed.state().fingerprint().equals(fingerprint)) {
            throw new IllegalArgumentException("--resume: the checkpoint in " + checkpoint + " was made with other options or data: "
                    + resumed.state().fingerprint() + ", not " + fingerprint);
        }
        CnnJudge judge = resumed != null ? resumed.judge()
                : CnnJudge.create(options.architecture(), train.shape(), train.classCount(), options.learningRate(), options.seed());
        List<Epoch> epochs = new ArrayList<>(resumed != null ? resumed.state().epochs() : List.of());
        INDArray best = resumed != null ? resumed.best() : null;
        double bestValidation = resumed != null ? resumed.state().bestValidation() : -1;
        int keptEpoch = resumed != null ? resumed.state().keptEpoch() : options.epochs();
        long step = resumed != null ? resumed.state().step() : 0;
        if (resumed != null) rng = resumed.random();
        log.printf("judge: %s, %,d parameters; %,d training images, %,d held out for validation, %,d test images%s%n",
                options.architecture().describe(), judge.parameterCount(), train.size(), held, test.size(),
                resumed != null ? "; resuming after epoch " + epochs.size() : "");

        long steps = (long) options.epochs() * ((train.size() + options.batchSize() - 1) / options.batchSize());
        for (int epoch = epochs.size() + 1; epoch <= options.epochs(); epoch++) {
            long start = System.nanoTime();
            int[] order = ImageBatch.shuffledOrder(train.size(), rng);
            double lossSum = 0;
            int batches = 0;
            for (int from = 0; from < order.length; from += options.batchSize()) {
                int to = Math.min(order.length, from + options.batchSize());
                judge.setLearningRate(options.learningRate() * (1 - step / (double) steps));
                ImageBatch batch = ImageBatch.of(train, order, from, to);
                judge.fit(options.augmentation().applyToRows(batch.pixels(), train.shape(), rng),
                        ImageBatch.oneHot(batch.labels(), train.classCount()));
                lossSum += judge.lastBatchLoss();
                batches++;
                step++;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double validationAccuracy = validation == null ? Double.NaN : LabelAccuracy.of(judge, validation).overall();
            double testAccuracy = LabelAccuracy.of(judge, test).overall();
            epochs.add(new Epoch(epoch, lossSum / batches, validationAccuracy, testAccuracy, seconds));
            log.printf("judge epoch %2d: train loss %.4f | validation %s | test %.4f | %.1f s%n", epoch, lossSum / batches,
                    validation == null ? "-" : String.format("%.4f", validationAccuracy), testAccuracy, seconds);
            if (validation != null && validationAccuracy >= bestValidation) {
                bestValidation = validationAccuracy;
                best = judge.parameters();
                keptEpoch = epoch;
            }
            if (checkpoint != null) {
                JudgeCheckpoint.save(checkpoint, judge, new JudgeCheckpoint.State(fingerprint, step, bestValidation, keptEpoch, epochs),
                        rng, best);
            }
        }
        if (best != null) judge.restoreParameters(best);
        log.printf("judge: kept epoch %d%s%n", keptEpoch, validation == null ? " (the last; nothing held out)"
                : String.format(" (best validation accuracy %.4f)", bestValidation));
        return new Result(judge, keptEpoch, epochs, train.size(), held);
    }

    /** Removes the checkpoint of a finished run (nothing happens if there is none). */
    public static void deleteCheckpoint(Path checkpoint) {
        JudgeCheckpoint.delete(checkpoint);
    }
}
