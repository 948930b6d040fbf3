package dev.cvae.trainer.model;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Adam's step size: {@code initial} throughout, or, with {@code decaySteps > 0}, falling linearly from
 * {@code initial} to zero over that many optimiser steps (and zero after them). The step count is part of the
 * graph's training state, so a resumed run continues the schedule where it stopped.
 */
public record LearningRate(double initial, long decaySteps) {
    public LearningRate {
        if (!(initial > 0)) throw new IllegalArgumentException("learning rate must be > 0, got " + initial);
        if (decaySteps < 0 || decaySteps > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("decaySteps must be in [0, " + Integer.MAX_VALUE + "], got " + decaySteps);
        }
    }

    public static LearningRate constant(double initial) {
        return new LearningRate(initial, 0);
    }

    public static LearningRate linearDecay(double initial, long steps) {
        if (steps < 1) throw new IllegalArgumentException("a linear decay needs at least one step, got " + steps);
        return new LearningRate(initial, steps);
    }

    IUpdater adam() {
        return decaySteps == 0 ? new Adam(initial)
                : new Adam(new LinearDecaySchedule(initial, (int) decaySteps));
    }
}
