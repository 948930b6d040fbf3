package dev.cvae.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.api.v1.Image;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.ModelInfo;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** The load generator when calls fail before they reach a server. */
class LoadGeneratorTest {
    @Test
    @Timeout(30)
    void aClosedLoopOfUnaryCallsThatFailAtOnceCountsTheFailuresAndEndsOnTime() throws Exception {
        // the load stubs answer on the caller's thread, and a call to an address that refuses connections fails
        // inside its own start: a failure that sent the next call from its callback would recurse until the stack
        // overflowed, losing the calls in flight on it
        BenchReport report = runAgainstNothing(false);

        assertTrue(report.errors().getOrDefault("UNAVAILABLE", 0L) > 4, report.toString());
    }

    @Test
    @Timeout(30)
    void streamsThatFailAtOnceCountTheirRequestAsFailedAndEndOnTime() throws Exception {
        // each stream fails as it opens, before its first request: that request fails with the stream's status
        BenchReport report = runAgainstNothing(true);

        assertEquals(4L, report.errors().getOrDefault("UNAVAILABLE", 0L), report.toString());
    }

    /** Four callers for a second against a loopback port where nothing listens. */
    private static BenchReport runAgainstNothing(boolean stream) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort(); // closed again: nothing listens there
        }
        CommandLine cli = CvaeClient.commandLine();
        cli.parseArgs("--target", "127.0.0.1:" + port);
        ModelInfo model = ModelInfo.newBuilder().setName("mnist").addLabelNames("0").addLabelNames("1").build();
        LoadGenerator.Settings settings = new LoadGenerator.Settings(stream, 4, 0, Long.MAX_VALUE, TimeUnit.SECONDS.toNanos(1), 0,
                new OperationMix(1, 0, 0), 1, 8, ImageFormat.IMAGE_FORMAT_PNG);
        try (ServerSession session = new ServerSession(((CvaeClient) cli.getCommand()).connection, Duration.ofSeconds(5), cli)) {
            BenchReport report = new LoadGenerator(session.reactor(), model, Image.getDefaultInstance(), settings).run("test", s -> { });
            assertEquals(0, report.requests(), report.toString());
            assertEquals(1, report.errors().size(), report.toString());
            // the run waits up to 10 s for answers to requests it sent: a request neither answered nor failed holds it
            assertTrue(report.seconds() < 5, report.toString());
            return report;
        }
    }
}
