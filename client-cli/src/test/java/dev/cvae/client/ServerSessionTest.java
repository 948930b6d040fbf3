package dev.cvae.client;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.cvae.api.inference.ServerLiveRequest;
import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.GenerateRequest;
import io.grpc.netty.shaded.io.netty.util.concurrent.FastThreadLocalThread;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The stubs the load generator uses, against the real server on a loopback socket. */
class ServerSessionTest extends WithRealServer {
    private static ServerSession session() {
        CommandLine cli = CvaeClient.commandLine();
        cli.parseArgs("--target", server.target());
        return new ServerSession(((CvaeClient) cli.getCommand()).connection, Duration.ofSeconds(10), cli);
    }

    @Test
    void loadStubsAnswerOnTheTransportsEventLoopNotOnAPooledThread() throws Exception {
        try (ServerSession session = session()) {
            Thread generate = session.reactor().generate(GenerateRequest.newBuilder().setModel("mnist").setCount(1)
                            .setCondition(Condition.newBuilder().setClassIndex(3)).build())
                    .map(answer -> Thread.currentThread()).block(Duration.ofSeconds(10));
            // Netty's event-loop threads are FastThreadLocalThreads; gRPC's default pool makes plain threads
            assertInstanceOf(FastThreadLocalThread.class, generate, "generate answered on " + generate.getName());

            Thread live = session.inference().serverLive(ServerLiveRequest.getDefaultInstance())
                    .map(answer -> answer.getLive() ? Thread.currentThread() : null).block(Duration.ofSeconds(10));
            assertInstanceOf(FastThreadLocalThread.class, live, "ServerLive answered " + (live == null ? "not live" : "on " + live.getName()));
        }
    }
}
