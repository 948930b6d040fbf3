package dev.cvae.trainer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void inALogItPrintsOneLineAtEachTenthWithRateAndEta() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), "epoch 1/2", "img", 1000, false);
        for (int i = 0; i < 100; i++) bar.advance(10);
        bar.finish();
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(10, lines.length, String.join("\n", lines));
        assertTrue(lines[9].startsWith("epoch 1/2 [########################] 100% 1000/1000 img "), lines[9]);
        assertTrue(lines[9].matches(".* img/s ETA 0:00"), lines[9]);
        assertTrue(lines[4].contains(" 50% 500/1000 img"), lines[4]);
    }

    @Test
    void neverCountsPastTheTotal() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(buf, true, StandardCharsets.UTF_8), "x", "img", 10, false);
        bar.advance(25);
        assertTrue(buf.toString(StandardCharsets.UTF_8).contains("100% 10/10 img"));
    }
}
