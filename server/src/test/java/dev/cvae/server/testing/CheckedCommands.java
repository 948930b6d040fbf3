package dev.cvae.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.server.inference.Commands;
import java.util.List;

/**
 * What every command an adapter builds must be, whatever the request was: sizes that fit its model and finite
 * values, so that nothing below the adapters needs to check again. For the fuzz tests of each adapter's edge.
 */
public final class CheckedCommands {
    private CheckedCommands() {
    }

    public static void check(Commands.Generate g, int maxRows) {
        assertTrue(g.count() >= 1 && g.count() <= maxRows, "count " + g.count());
        assertEquals(g.model().conditionSize(), g.condition().length);
        if (g.latents() != null) assertEquals(g.count() * g.model().latentDim(), g.latents().length);
        assertFinite(g.condition());
    }

    public static void check(Commands.Encode e) {
        assertEquals(e.model().image().pixels(), e.pixels().length);
        assertEquals(e.model().conditionSize(), e.condition().length);
        for (float p : e.pixels()) assertTrue(p >= 0f && p <= 1f, "pixel " + p);
        assertFinite(e.condition());
    }

    public static void check(Commands.Interpolate i, int maxRows) {
        assertTrue(i.steps() >= 2 && i.steps() <= maxRows, "steps " + i.steps());
        for (Commands.Endpoint end : List.of(i.start(), i.end())) {
            assertEquals(i.model().conditionSize(), end.condition().length);
            assertFinite(end.condition());
            if (end.point() instanceof Commands.Point.Latent l) assertEquals(i.model().latentDim(), l.z().length);
            if (end.point() instanceof Commands.Point.Pixels p) assertEquals(i.model().image().pixels(), p.pixels().length);
        }
    }

    private static void assertFinite(float[] values) {
        for (float v : values) assertTrue(Float.isFinite(v), "value " + v);
    }
}
