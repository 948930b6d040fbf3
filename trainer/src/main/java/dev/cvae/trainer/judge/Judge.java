package dev.cvae.trainer.judge;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A classifier that says which class an image shows, used only to judge a model from the outside and never in
 * any training loss. Implementations say whether they are thread-safe.
 */
public interface Judge {

    /** Short name for tables and JSON, for example {@code cnn} or {@code knn-5}. */
    String name();

    /** The predicted class of each row of {@code pixels} [N, C*H*W], values in [0, 1]. */
    int[] classify(INDArray pixels);
}
