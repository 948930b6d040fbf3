package dev.cvae.client;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Reads the value of a duration option: a number with a unit ({@code 500ms}, {@code 5s}, {@code 2m},
 * {@code 1h}, {@code 1.5s}) or a plain number of seconds ({@code 30}, {@code 0.5}), which is what these options
 * took before they had units. Negative values and anything else are rejected; picocli puts the option's name in
 * front of the message. Stateless and thread-safe.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    /** The accepted forms, for messages and option descriptions. */
    static final String FORMS = "a number with a unit ms, s, m or h (500ms, 5s, 2m, 1h) or a plain number of seconds";

    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

    @Override
    public Duration convert(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) throw new CommandLine.TypeConversionException("'" + text + "' is not a duration; expected " + FORMS);
        long nanosPerUnit = switch (m.group(2) == null ? "s" : m.group(2)) {
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
        try {
            return Duration.ofNanos(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(nanosPerUnit))
                    .setScale(0, RoundingMode.HALF_UP).longValueExact());
        } catch (ArithmeticException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is longer than any duration this client handles");
        }
    }

    /** A duration as a user would write it: {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1.5s}. */
    static String format(Duration d) {
        if (d.isZero()) return "0s";
        if (d.toNanos() % 3_600_000_000_000L == 0) return d.toHours() + "h";
        if (d.toNanos() % 60_000_000_000L == 0) return d.toMinutes() + "m";
        if (d.toNanos() % 1_000_000_000L == 0) return d.toSeconds() + "s";
        if (d.toNanos() % 1_000_000L == 0 && d.toMillis() < 1000) return d.toMillis() + "ms";
        return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
    }
}
