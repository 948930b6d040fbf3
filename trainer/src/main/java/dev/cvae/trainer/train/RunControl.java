package dev.cvae.trainer.train;

import java.nio.file.Path;

/**
 * Where a run keeps its checkpoint and whether it continues from it.
 *
 * @param checkpointDir written after every epoch; null for no checkpoints
 * @param resume        continue from the checkpoint (which must exist and match {@code fingerprint})
 * @param fingerprint   everything that decides the result; a checkpoint made with another one is refused
 */
public record RunControl(Path checkpointDir, boolean resume, String fingerprint, EpochObserver observer) {
    public RunControl {
        if (resume && checkpointDir == null) throw new IllegalArgumentException("resume needs a checkpoint directory");
        if (observer == null) observer = EpochObserver.NONE;
    }
}
