package dev.cvae.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How duration options read 5s, 500ms, 2m and plain seconds, and what they say about anything else. */
class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void aNumberWithAUnitIsThatLong() {
        assertEquals(Duration.ofSeconds(5), converter.convert("5s"));
        assertEquals(Duration.ofMillis(500), converter.convert("500ms"));
        assertEquals(Duration.ofMinutes(2), converter.convert("2m"));
        assertEquals(Duration.ofHours(1), converter.convert("1h"));
        assertEquals(Duration.ofMillis(1500), converter.convert("1.5s"));
        assertEquals(Duration.ZERO, converter.convert("0ms"));
    }

    @Test
    void aPlainNumberIsSecondsAsBeforeUnits() {
        assertEquals(Duration.ofSeconds(3), converter.convert("3"));
        assertEquals(Duration.ofMillis(250), converter.convert("0.25"));
        assertEquals(Duration.ofSeconds(30), converter.convert(" 30 "));
    }

    @Test
    void negativesAndGarbageAreRejectedWithTheValueAndTheAcceptedForms() {
        for (String bad : new String[] {"-5s", "-1", "5x", "five", "", "s", "5 s", "1e3", "5S", "2d", ".5s", "1,5s"}) {
            CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                    () -> converter.convert(bad), bad);
            assertEquals("'" + bad + "' is not a duration; expected " + DurationConverter.FORMS, e.getMessage());
        }
        CommandLine.TypeConversionException e = assertThrows(CommandLine.TypeConversionException.class,
                () -> converter.convert("99999999999h"));
        assertTrue(e.getMessage().startsWith("'99999999999h' is longer than"), e.getMessage());
    }

    @Test
    void aRejectedValueIsAUsageErrorNamingTheOption() {
        ClientRun run = new ClientRun();
        assertEquals(ExitCodes.USAGE, run.run("bench", "--duration", "5x"));
        assertTrue(run.err().startsWith("cvae-client: Invalid value for option '--duration': '5x' is not a duration; expected a number "
                + "with a unit ms, s, m or h (500ms, 5s, 2m, 1h) or a plain number of seconds"), run.err());

        ClientRun before = new ClientRun();
        assertEquals(ExitCodes.USAGE, before.run("--timeout", "-2s", "models"));
        assertTrue(before.err().startsWith("cvae-client: Invalid value for option '--timeout': '-2s' is not a duration"), before.err());
    }

    @Test
    void durationsPrintAsTheyAreWritten() {
        for (String text : new String[] {"0s", "500ms", "5s", "1.5s", "2m", "90s", "1h", "0.0005s"}) {
            assertEquals(text, DurationConverter.format(converter.convert(text)));
        }
    }
}
