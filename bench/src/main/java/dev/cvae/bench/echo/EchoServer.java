package dev.cvae.bench.echo;

import dev.cvae.server.grpc.CvaeServer;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The echo server's process: {@link EchoService} on a Netty server built as the real server builds its own, until
 * SIGTERM. The benchmark starts it like it starts the real server, so both are measured across processes.
 */
@Command(name = "cvae-echo-server", mixinStandardHelpOptions = true,
        description = "Answer the CVAE API at once with canned answers captured from a real server (benchmarks only).")
public final class EchoServer implements Callable<Integer> {
    @Option(names = "--port", required = true, description = "Port to listen on.")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--responses", required = true, paramLabel = "DIR", description = "Directory the benchmark saved the canned answers to.")
    Path responses;

    @Override
    public Integer call() throws Exception {
        CannedResponses canned = CannedResponses.load(responses);
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
        CvaeServer.runCallsOnTransportThreads(builder);
        Server server = builder.addService(new EchoService(canned)).build().start();
        System.err.printf("cvae-echo-server listening on %s:%d%n", host, server.getPort());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "shutdown"));
        server.awaitTermination();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EchoServer()).execute(args));
    }
}
