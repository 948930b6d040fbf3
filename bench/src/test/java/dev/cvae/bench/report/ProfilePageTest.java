package dev.cvae.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.bench.profile.CpuWindow;
import dev.cvae.bench.profile.FoldedProfile;
import dev.cvae.bench.profile.ProfileRun.Profiled;
import dev.cvae.bench.profile.ProfileRun.Settings;
import dev.cvae.bench.run.LoadResult;
import dev.cvae.bench.run.MachineInfo;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilePageTest {
    /** 64 streams, 3 s + 8 s, sampled for 6 s every 5 ms of CPU time. */
    private static final Settings SETTINGS = new Settings(64, Duration.ofSeconds(3), Duration.ofSeconds(8), Duration.ofMillis(5));

    private static Profiled profiled(String name, double rps, String folded, double serverCores, double clientCores) throws Exception {
        LoadResult load = new LoadResult(8, (long) (8 * rps), (long) (8 * rps), rps, rps, new LoadResult.Latency(1, 2, 3, 4, 5, 1), Map.of(), null, null);
        CpuWindow cpu = new CpuWindow(Duration.ofSeconds(7), Duration.ofMillis((long) (7000 * serverCores)),
                Duration.ofMillis((long) (7000 * clientCores)));
        return new Profiled(name, load, FoldedProfile.read(new StringReader(folded)), SETTINGS, Path.of(name + ".folded"), cpu);
    }

    @Test
    void theLimitSectionAddsTheEchosLoopTheRuntimeAndPngAndDividesTheCores(@TempDir Path docs) throws Exception {
        // 40,000 requests/s for 6 s: 240,000 requests; 480 samples of 5 ms are 10 us each, 240 are 5 us each
        Profiled server = profiled("default", 40_000, """
                [infer-mnist@1/decoder-1 tid=7];ai/onnxruntime/OrtSession.run;/tmp/ort/libonnxruntime.so 480
                [infer-mnist@1/decoder-1 tid=7];dev/cvae/server/inference/ScanlineDeflater.compress 240
                [grpc-default-worker-ELG-3-1 tid=3];io/grpc/netty/shaded/io/netty/channel/nio/NioEventLoop.run 200
                """, 0.8, 0.6);
        // 100,000 requests/s, 0.4 cores each: 4 us per request in the echo and 4 in its load generator
        Profiled echo = profiled("echo", 100_000, "[grpc-default-worker-ELG-3-1 tid=3];io/grpc/netty/shaded/io/netty/channel/nio/NioEventLoop.run 560\n",
                0.4, 0.4);
        echo = new Profiled(echo.server(), echo.load().withStolenPercent(2.5), echo.profile(), echo.settings(), echo.folded(), echo.cpu());
        ProfilePage.write(List.of(echo, server), new MachineInfo(2, "Test CPU", 8, "JDK", "2026-12-02 00:00 UTC", "abc", 0.5), docs);
        String page = Files.readString(docs.resolve("benchmarks-profile.md"));

        // the runs are told apart by name, not by their order
        String limit = page.substring(page.indexOf("## What this machine allows"));
        assertTrue(limit.contains("4.0 core-us per request in the echo and 4.0 in its load generator, 8.0 together, and left 1.20 of 2 cores idle"), limit);
        assertTrue(limit.contains("the runtime (10.0 core-us per request at the batches the server formed;"), limit);
        assertTrue(limit.contains("and PNG encoding (5.0)"), limit);
        assertTrue(limit.contains("at least 23.0 core-us"), limit);
        assertTrue(limit.contains("**86,957 requests/s, 87% of this echo's 100,000**"), "2 x 10^6 / 23: " + limit);
        assertTrue(limit.contains("60% of the echo is 60,000 requests/s: 33.3 core-us per request"), limit);
        assertTrue(limit.contains("The server measured 40,000 requests/s (40% of the echo) at 35.0 core-us per request for both processes (its load generator's share 15.0, against 4.0 beside the echo, which the bound takes)"), "(0.8 + 0.6) cores / 40,000: " + limit);
        assertTrue(limit.contains("answers at most 17,391 requests/s"), limit);
        assertTrue(page.contains("| cores idle | of 2 | 1.20 | 0.60 |"), page);
        assertTrue(page.contains("|  | its load generator | 4.0 | 15.0 |"), page);
        assertTrue(page.contains("|  | both | **8.0** | **35.0** |"), page);
        assertTrue(page.contains("| CPU stolen by the hypervisor | while the client ran | 2.5% | n/a |"), page);
    }

    @Test
    void theBoundIsTheCoresOverTheLeastARequestCosts() {
        ThroughputBound bound = new ThroughputBound(2, 7.1, 7.9, 4.0);
        assertEquals(19.0, bound.micros(), 1e-9);
        assertEquals(105_263, bound.requestsPerSecond(), 1);
        assertEquals(16.66, bound.budgetMicrosAt(120_065), 0.01);
    }
}
