package dev.cvae.server.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a token allows beyond calling the API: a right named in the token file's third column. */
public enum Right {
    /** Loading and unloading models. */
    ADMIN;

    /** The name as written in the token file. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the right and the known ones */
    static Right parse(String label) {
        for (Right r : values()) {
            if (r.label().equals(label)) return r;
        }
        throw new IllegalArgumentException("right '" + label + "' is not known, expected "
                + Arrays.stream(values()).map(Right::label).collect(Collectors.joining(", ")));
    }
}
