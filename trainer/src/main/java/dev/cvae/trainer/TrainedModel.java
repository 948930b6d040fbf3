package dev.cvae.trainer;

import dev.cvae.trainer.classify.LabelClassifiers;
import dev.cvae.trainer.data.Conditioning;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.train.CvaeTrainer;
import dev.cvae.trainer.train.TrainingOptions;

/**
 * What a training run produced, before anything is written: the fitted graph and its metrics, the architecture
 * the data fixed, the options it was actually trained with, and the judge's verdict.
 *
 * @param options     as trained: without the auxiliary loss when the data has no classes
 * @param verdict     null when the data has no categorical or binary attribute to judge
 * @param trainImages training images used
 * @param testImages  held-out images
 * @param seconds     wall time of the whole run, earlier processes' epochs included after a resume
 */
public record TrainedModel(CvaeArchitecture architecture, Conditioning conditioning, TrainingOptions options,
                           CvaeTrainer.Result result, LabelClassifiers.Verdict verdict, int trainImages, int testImages,
                           double seconds) {
}
