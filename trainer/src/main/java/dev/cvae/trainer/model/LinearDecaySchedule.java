package dev.cvae.trainer.model;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A step size falling linearly from {@code initialValue} at step 0 to zero at step {@code steps}, and zero
 * after. ND4J's own {@code PolySchedule} cannot do this: in 1.0.0-M2.1 it computes
 * {@code initial * (1 + i / maxIter)^power}, a rate that rises to twice its start and then drops to zero.
 * Saved with the graph's training configuration (as JSON, by class name), so a checkpoint keeps it.
 */
public final class LinearDecaySchedule implements ISchedule {
    private final double initialValue;
    private final int steps;

    public LinearDecaySchedule(@JsonProperty("initialValue") double initialValue, @JsonProperty("steps") int steps) {
        if (!(initialValue > 0)) throw new IllegalArgumentException("initialValue must be > 0, got " + initialValue);
        if (steps < 1) throw new IllegalArgumentException("a linear decay needs at least one step, got " + steps);
        this.initialValue = initialValue;
        this.steps = steps;
    }

    public double getInitialValue() {
        return initialValue;
    }

    public int getSteps() {
        return steps;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return iteration >= steps ? 0.0 : initialValue * (1.0 - iteration / (double) steps);
    }

    @Override
    public ISchedule clone() {
        return new LinearDecaySchedule(initialValue, steps);
    }
}
