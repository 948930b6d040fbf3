package dev.cvae.trainer.train;

import dev.cvae.trainer.data.Conditioning;
import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.CvaeGraph;
import dev.cvae.trainer.model.FrozenNetwork;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fits a {@link CvaeGraph} with mini-batch Adam: a progress bar per epoch, then the train loss split into
 * reconstruction and KL, and the test negative ELBO. Everything random (weights, order, noise, prior samples
 * and their labels) derives from {@link TrainingOptions#seed()} by the {@link Seeds} scheme.
 */
public final class CvaeTrainer {
    private final PrintStream log;

    public CvaeTrainer(PrintStream log) {
        this.log = log;
    }

    /**
     * The trained graph and the metrics of every epoch run, epoch 0 being the untrained model. The graph holds
     * the weights to export: the last epoch's, or with early stopping the best epoch's ({@code bestEpoch}).
     * {@code firstEpoch} is the first epoch this call trained: 1, or the one after the checkpoint it resumed.
     */
    public record Result(CvaeGraph graph, List<EpochMetrics> history, int bestEpoch, int firstEpoch) {
        /** Training seconds of the epochs run before a resume, by earlier processes (0 for a fresh run). */
        public double earlierSeconds() {
            return history.stream().filter(m -> m.epoch() < firstEpoch).mapToDouble(EpochMetrics::seconds).sum();
        }

        public EpochMetrics last() {
            return history.get(history.size() - 1);
        }

        /** The metrics of the exported weights. */
        public EpochMetrics exported() {
            return history.get(bestEpoch);
        }
    }

    /**
     * Trains, checkpointing after every epoch when {@code control} names a directory, or resumes from it. Prior
     * samples for the auxiliary loss are drawn under conditions from {@code conditioning}.
     */
    public Result train(LabelledImages train, LabelledImages test, CvaeArchitecture arch, Conditioning conditioning,
                        TrainingOptions options, FrozenNetwork auxClassifier, RunControl control) {
        LabelledImages trainProbe = train.head(options.trainMetricsLimit());
        Seeds seeds = new Seeds(options.seed());
        long evalSeed = seeds.evaluation();
        CvaeGraph graph;
        List<EpochMetrics> history;
        Random rng;
        EarlyStopping stopping;
        Map<String, INDArray> bestEncoder = null;
        Map<String, INDArray> bestDecoder = null;
        int firstEpoch;
        Checkpoint.Loaded resumed = control.resume()
                ? Checkpoint.load(control.checkpointDir(), arch, options.loss().auxWeight() > 0) : null;
        if (control.resume()) {
            if (resumed == null) throw new IllegalStateException("no checkpoint to resume in " + control.checkpointDir());
            if (!resumed.state().fingerprint().equals(control.fingerprint())) {
                throw new IllegalArgumentException("the checkpoint in " + control.checkpointDir()
                        + " was made with other data or options; run without --resume to start again");
            }
            Checkpoint.State state = resumed.state();
            graph = resumed.graph();
            history = new ArrayList<>(state.history());
            rng = resumed.random();
            stopping = new EarlyStopping(options.patience(), state.bestEpoch(), state.bestLoss(), state.sinceBest());
            bestEncoder = resumed.bestEncoder();
            bestDecoder = resumed.bestDecoder();
            firstEpoch = state.epoch() + 1;
            log.printf("resuming after epoch %d of %d from %s%n", state.epoch(), options.epochs(), control.checkpointDir());
        } else {
            graph = CvaeGraph.build(arch, options.learningRateFor(train.size()), options.loss(), auxClassifier, seeds.weights());
            history = new ArrayList<>();
            history.add(metrics(graph, 0, trainProbe, test, evalSeed, 0));
            log.printf("epoch  0: test -ELBO %.2f (untrained)%n", history.get(0).testNegElbo());
            rng = new Random(seeds.training());
            stopping = new EarlyStopping(options.patience());
            firstEpoch = 1;
        }

        int k = arch.conditionSize();
        boolean stopped = options.patience() > 0 && stopping.shouldStop();
        for (int epoch = firstEpoch; epoch <= options.epochs() && !stopped; epoch++) {
            long start = System.nanoTime();
            ProgressBar bar = ProgressBar.onConsole(log, String.format("epoch %2d/%d", epoch, options.epochs()),
                    "img", train.size());
            int[] order = ImageBatch.shuffledOrder(train.size(), rng);
            for (int from = 0; from < order.length; from += options.batchSize()) {
                int to = Math.min(order.length, from + options.batchSize());
                int n = to - from;
                ImageBatch batch = ImageBatch.of(train, order, from, to);
                Conditioning.Rows samples = conditioning.sample(rng, n);
                double klWeight = options.loss().klWeightAt(epoch - 1 + from / (double) train.size());
                List<INDArray> features = new ArrayList<>(List.of(
                    batch.pixels(), batch.conditions(),
                    ImageBatch.gaussian(rng, n, arch.latentDim()),
                    ImageBatch.gaussian(rng, n, arch.latentDim()),
                    Nd4j.create(samples.c(), new long[] {n, k}, 'c'),
                    Nd4j.scalar((float) klWeight)));
                if (graph.hasAuxiliaryLoss()) features.add(ImageBatch.oneHot(samples.labels(), conditioning.classCount()));
                graph.fit(new MultiDataSet(features.toArray(INDArray[]::new), new INDArray[0]));
                bar.advance(n);
            }
            bar.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            EpochMetrics m = metrics(graph, epoch, trainProbe, test, evalSeed, seconds);
            history.add(m);
            String warmup = options.loss().klWarmupEpochs() > epoch - 1
                    ? String.format(" | kl weight %.3f", options.loss().klWeightAt(epoch)) : "";
            log.printf("epoch %2d: train rec %.2f kl %.2f | test -ELBO %.2f (rec %.2f kl %.2f) | %.1f s%s%n",
                    epoch, m.trainRec(), m.trainKl(), m.testNegElbo(), m.testRec(), m.testKl(), seconds, warmup);
            if (stopping.record(epoch, m.testNegElbo()) && options.patience() > 0) {
                bestEncoder = graph.encoderWeights();
                bestDecoder = graph.decoderWeights();
            }
            stopped = options.patience() > 0 && stopping.shouldStop();
            if (control.checkpointDir() != null) {
                Checkpoint.save(control.checkpointDir(), graph, new Checkpoint.State(control.fingerprint(), epoch,
                        history, stopping.bestEpoch(), stopping.bestLoss(), stopping.sinceBest()),
                        rng, bestEncoder, bestDecoder);
            }
            control.observer().epochDone(m);
            if (stopped) {
                log.printf("early stop: no better held-out loss for %d epochs; epoch %d (%.2f) is the best%n",
                        options.patience(), stopping.bestEpoch(), stopping.bestLoss());
            }
        }
        int bestEpoch = history.size() - 1;
        if (options.patience() > 0 && stopping.bestEpoch() != bestEpoch) {
            graph.restoreWeights(bestEncoder, bestDecoder);
            bestEpoch = stopping.bestEpoch();
            log.printf("exporting the weights of epoch %d (test -ELBO %.2f)%n", bestEpoch, stopping.bestLoss());
        }
        return new Result(graph, List.copyOf(history), bestEpoch, firstEpoch);
    }

    private static EpochMetrics metrics(CvaeGraph graph, int epoch, LabelledImages trainProbe, LabelledImages test,
                                        long evalSeed, double seconds) {
        LossEvaluator.Losses tr = LossEvaluator.evaluate(graph, trainProbe, evalSeed);
        LossEvaluator.Losses te = LossEvaluator.evaluate(graph, test, evalSeed);
        return new EpochMetrics(epoch, tr.rec(), tr.kl(), te.rec(), te.kl(), te.negElbo(), seconds);
    }
}
