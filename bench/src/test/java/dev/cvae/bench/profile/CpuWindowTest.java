package dev.cvae.bench.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuWindowTest {
    @Test
    void coresAndCostPerRequestComeFromEachProcesssCpuTimeOverTheWall() {
        CpuWindow w = new CpuWindow(Duration.ofSeconds(2), Duration.ofMillis(1600), Duration.ofMillis(300));
        assertEquals(0.8, w.serverCores(), 1e-9);
        assertEquals(0.15, w.clientCores(), 1e-9);
        assertEquals(1.05, w.idleCores(2), 1e-9);
        assertEquals(0.0, new CpuWindow(Duration.ofSeconds(1), Duration.ofMillis(900), Duration.ofMillis(300)).idleCores(1), "a busier window than the cores allow (threads waiting for a core) leaves none idle, not less");
        assertEquals(20.0, w.serverMicrosPerRequest(40_000), 1e-9, "0.8 cores over 40,000 requests/s");
        assertEquals(3.75, w.clientMicrosPerRequest(40_000), 1e-9);
    }

    @Test
    void aWindowIsTheDifferenceOfTwoReadingsOfTheSameProcesses() {
        ProcessHandle self = ProcessHandle.current();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        CpuWindow.Reading start = CpuWindow.Reading.of(self, self);
        long spun = threads.getCurrentThreadCpuTime() + 150_000_000L;
        double sink = 0;
        while (threads.getCurrentThreadCpuTime() < spun) sink += Math.sqrt(sink + 1);
        CpuWindow w = CpuWindow.between(start, CpuWindow.Reading.of(self, self));
        assertTrue(sink > 0);
        // this thread alone spent 150 ms of CPU time; the kernel counts the process's in ticks of 10 ms
        assertTrue(w.server().toMillis() >= 130, "150 ms of spinning shows as CPU time of this process: " + w);
        assertTrue(w.client().toMillis() >= 130, "the second handle reads the same process: " + w);
    }

    @Test
    void anEmptyWindowIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CpuWindow(Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertEquals("wall must be > 0, got PT0S", e.getMessage());
    }
}
