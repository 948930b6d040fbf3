package dev.cvae.server.testing;

import dev.cvae.server.grpc.CvaeServer;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.metrics.ServerMetrics;
import dev.cvae.server.model.ModelRegistry;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The real CVAE server on a loopback socket (a free port the system picks), with a plaintext channel to it. */
public final class LoopbackServer implements AutoCloseable {
    public final CvaeServer server;
    public final ManagedChannel channel;
    private final Scheduler images = Schedulers.newParallel("loopback-images", 1, true);

    public LoopbackServer(ModelRegistry registry, int maxRows) throws Exception {
        this(registry, new CvaeServer.Limits(maxRows, 64, CvaeServer.Limits.DEFAULT_STREAM_MAX_ROWS));
    }

    public LoopbackServer(ModelRegistry registry, CvaeServer.Limits limits) throws Exception {
        this(registry, limits, builder -> { });
    }

    /** @param transport adds to the Netty builder before the server is built (an interceptor that records calls, say) */
    public LoopbackServer(ModelRegistry registry, CvaeServer.Limits limits, Consumer<NettyServerBuilder> transport) throws Exception {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
        transport.accept(builder);
        server = new CvaeServer(builder, registry, new CvaeOperations(images), limits, ServerMetrics.disabled()).start();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    }

    /** Closes the channel and shuts the server down (again, harmlessly, when a test already did). */
    @Override
    public void close() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdown(10, TimeUnit.SECONDS);
        images.dispose();
    }
}
