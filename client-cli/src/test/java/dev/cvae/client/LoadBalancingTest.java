package dev.cvae.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cvae.api.v1.CvaeServiceGrpc;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --lb over a DNS name with two addresses, as a Kubernetes headless service resolves: two real servers listen on
 * 127.0.0.1 and 127.0.0.2 (the same port), and a name resolves to both through a hosts file of our own
 * ({@code jdk.net.hosts.file}, read once when a JVM starts, so cvae-client runs as a process of its own, as a user
 * runs it). Each server counts the Generate calls it answers.
 */
class LoadBalancingTest {
    private static final String NAME = "cvae-headless";

    @TempDir
    Path dir;

    private static final List<TestServer> servers = new ArrayList<>();
    private static final List<AtomicInteger> generates = new ArrayList<>();
    private static int port;

    @BeforeAll
    static void startTwoServersOnOnePort() throws Exception {
        TestServer first = server("127.0.0.1", 0);
        port = first.port();
        try {
            server("127.0.0.2", port);
        } catch (IOException e) {
            assumeTrue(!(e instanceof BindException || e.getCause() instanceof BindException), "127.0.0.2:" + port + " cannot be bound: " + e);
            throw e;
        }
    }

    @AfterAll
    static void stopServers() throws InterruptedException {
        for (TestServer s : servers) s.close();
    }

    @BeforeEach
    void countFromZero() {
        generates.forEach(count -> count.set(0));
    }

    @Test
    void roundRobinSpreadsCallsOverEveryAddressOfTheName() throws Exception {
        Process client = benchThroughTheName("--lb", "round_robin");
        assertEquals(41, generates.get(0).get() + generates.get(1).get(), "the sample and the 40 requests, each answered once");
        assertTrue(generates.get(0).get() >= 10 && generates.get(1).get() >= 10,
                "both servers answered a fair share: " + generates + "\n" + output(client));
    }

    @Test
    void pickFirstSendsEveryCallToOneAddress() throws Exception {
        Process client = benchThroughTheName("--lb", "pick_first");
        assertEquals(41, generates.get(0).get() + generates.get(1).get(), "the sample and the 40 requests, each answered once");
        assertTrue(generates.get(0).get() == 0 || generates.get(1).get() == 0, "one server answered all: " + generates + "\n" + output(client));
    }

    @Test
    void anUnknownPolicyIsAUsageErrorThatNamesTheChoices() {
        ClientRun run = new ClientRun();
        assertEquals(ExitCodes.USAGE, run.run("--target", "127.0.0.1:" + port, "--lb", "least_request", "models"));
        assertTrue(run.err().startsWith("cvae-client: --lb: 'least_request' is not a load-balancing policy; expected pick_first or round_robin"),
                run.err());
    }

    /**
     * cvae-client bench through dns:///cvae-headless:PORT: one sample Generate, then 40 unary ones; returns the
     * finished process, which reported no errors.
     */
    private Process benchThroughTheName(String... lb) throws Exception {
        Path hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 " + NAME + "\n127.0.0.2 " + NAME + "\n", StandardCharsets.US_ASCII);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + hosts, "-cp", testClassPath(), CvaeClient.class.getName(),
                "--target", "dns:///" + NAME + ":" + port));
        command.addAll(List.of(lb));
        command.addAll(List.of("bench", "--mode", "unary", "--concurrency", "4", "--requests", "40", "--warmup", "0s", "--duration", "60s"));
        Process client = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("client.log").toFile()).start();
        assertTrue(client.waitFor(90, TimeUnit.SECONDS), "cvae-client finished");
        assertEquals(0, client.exitValue(), output(client));
        assertTrue(output(client).contains("errors     none"), output(client));
        return client;
    }

    private String output(Process client) throws IOException {
        return Files.readString(dir.resolve("client.log"));
    }

    /** Surefire's class path: the client, the server it tests against, and their libraries. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private static TestServer server(String host, int port) throws Exception {
        AtomicInteger count = new AtomicInteger();
        TestServer s = TestServer.listeningOn(new InetSocketAddress(host, port), countGenerates(count));
        servers.add(s);
        generates.add(count);
        return s;
    }

    private static ServerInterceptor countGenerates(AtomicInteger count) {
        String generate = CvaeServiceGrpc.getGenerateMethod().getFullMethodName();
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
                if (!call.getMethodDescriptor().getFullMethodName().equals(generate)) return next.startCall(call, headers);
                return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                    @Override
                    public void onComplete() {
                        count.incrementAndGet();
                        super.onComplete();
                    }
                };
            }
        };
    }
}
