package dev.cvae.bench.run;

import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.bench.echo.CannedResponses;
import dev.cvae.bench.echo.EchoServer;
import dev.cvae.api.v1.ListModelsRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A server the benchmark started in its own process on a free loopback port: the real {@code cvae-server} (its
 * jar, with the options under test) or the echo server. It is ready once it answers ListModels. Stopped with
 * SIGTERM on {@link #close()}, as an operator would stop it.
 */
public final class ServerProcess implements AutoCloseable {
    /**
     * The JVM options {@code bin/cvae-server} and the server images run the server with; the echo gets them too, so
     * that it stands for the same stack (a test holds the launcher and the images to them).
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseParallelGC");
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final String name;
    private final int port;
    private final Process process;
    private final ChildProcesses children;

    private ServerProcess(String name, int port, Process process, ChildProcesses children) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.children = children;
    }

    /** {@code cvae-server} with the bundled models and {@code options} (e.g. {@code --max-batch 1}), once it is ready. */
    public static ServerProcess server(Installation installation, ChildProcesses children, String name, List<String> options, Path logs)
            throws IOException {
        int port = freePort();
        List<String> command = java(installation, "-jar", installation.serverJar().toString(), "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--models", installation.models().toString());
        command.addAll(options);
        return started(name, port, command, installation, children, logs);
    }

    /** The echo server answering with the canned responses saved in {@code responses}, once it is ready. */
    public static ServerProcess echo(Installation installation, ChildProcesses children, Path responses, Path logs) throws IOException {
        int port = freePort();
        List<String> command = java(installation, "-cp", installation.benchClasspath(), EchoServer.class.getName(), "--port",
                Integer.toString(port), "--responses", responses.toString());
        return started(ServerKind.ECHO.label(), port, command, installation, children, logs);
    }

    /** {@code java} with {@link #JVM_OPTIONS}, then {@code arguments}. */
    private static List<String> java(Installation installation, String... arguments) {
        List<String> command = new ArrayList<>(List.of(installation.java().toString()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of(arguments));
        return command;
    }

    private static ServerProcess started(String name, int port, List<String> command, Installation installation, ChildProcesses children,
                                         Path logs) throws IOException {
        Path log = logs.resolve("server-" + name + ".log");
        Process process = children.start(command, installation.root(), Map.of(), log, log.resolveSibling("server-" + name + ".err.log"));
        ServerProcess server = new ServerProcess(name, port, process, children);
        try {
            server.awaitReady(log.resolveSibling("server-" + name + ".err.log"));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady(Path errors) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        ManagedChannel channel = channel();
        try {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException(name + " server exited with " + process.exitValue() + " before it was ready; its log: " + errors
                            + lastLines(errors));
                }
                try {
                    CvaeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS).listModels(ListModelsRequest.getDefaultInstance());
                    return;
                } catch (StatusRuntimeException notYet) {
                    if (System.nanoTime() > deadline) throw new IOException(name + " server not ready after " + START_TIMEOUT + "; its log: " + errors);
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200)); // poll interval while the JVM loads the models
                }
            }
        } finally {
            channel.shutdownNow();
        }
    }

    private static String lastLines(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return "\n  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** A plaintext channel to this server; the caller shuts it down. */
    private ManagedChannel channel() {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    /** {@code host:port}, for {@code cvae-client --target}. */
    public String target() {
        return "127.0.0.1:" + port;
    }

    /** Captures this server's answers (model {@link ClientBench#MODEL}) into {@code dir}, for the echo service to send. */
    public void saveAnswers(Path dir) throws IOException {
        ManagedChannel channel = channel();
        try {
            CannedResponses.capture(channel, ClientBench.MODEL).save(dir);
        } finally {
            channel.shutdownNow();
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    /** The process's resident memory now (VmRSS in /proc/PID/status), in KiB. */
    public long residentKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IOException("no VmRSS line in /proc/" + process.pid() + "/status");
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        children.stop(process);
    }
}
