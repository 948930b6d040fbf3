package dev.cvae.trainer.cli;

/**
 * Range checks of option values, with messages that name the option, the value and what was expected. The
 * records the options become check their own invariants too; these speak the command line's language.
 */
final class OptionChecks {
    private OptionChecks() {
    }

    static int atLeast(String option, int value, int min) {
        if (value < min) throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
        return value;
    }

    static double atLeast(String option, double value, double min) {
        if (!(value >= min)) throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
        return value;
    }

    static double positive(String option, double value) {
        if (!(value > 0)) throw new IllegalArgumentException(option + " must be > 0, got " + value);
        return value;
    }

    /** A share strictly between 0 and 1. */
    static double fraction(String option, double value) {
        if (!(value > 0 && value < 1)) throw new IllegalArgumentException(option + " must be between 0 and 1, got " + value);
        return value;
    }
}
