package dev.cvae.trainer.cli;

/**
 * Range checks of option values, with messages that name the option, the value and what was expected. The
 * records the options become check their own invariants too; these speak the command line's language.
 */
public final class OptionChecks {
    private OptionChecks() {
    }

    public static int atLeast(String option, int value, int min) {
        if (value < min) throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
        return value;
    }

    public static double nonNegative(String option, double value) {
        if (!(value >= 0)) throw new IllegalArgumentException(option + " must be >= 0, got " + value);
        return value;
    }

    public static double positive(String option, double value) {
        if (!(value > 0)) throw new IllegalArgumentException(option + " must be > 0, got " + value);
        return value;
    }

    /** A share strictly between 0 and 1. */
    public static double fraction(String option, double value) {
        if (!(value > 0 && value < 1)) throw new IllegalArgumentException(option + " must be between 0 and 1, got " + value);
        return value;
    }
}
