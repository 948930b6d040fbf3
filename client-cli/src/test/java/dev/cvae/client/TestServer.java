package dev.cvae.client;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.grpc.CvaeServer;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.model.ModelLoader;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.runtime.ExecutionDevice;
import dev.cvae.server.runtime.SessionFactory;
import dev.cvae.server.ServerTls;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The real server with the bundled models on a loopback socket, plaintext or TLS. */
final class TestServer implements AutoCloseable {
    private final CvaeServer server;
    private final Scheduler images = Schedulers.newParallel("client-test", 1, true);

    TestServer(File certChain, File privateKey) throws Exception {
        this(certChain, privateKey, null);
    }

    /** With {@code clientCa}, clients must present a certificate signed by it (mutual TLS). */
    TestServer(File certChain, File privateKey, File clientCa) throws Exception {
        this(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), certChain, privateKey, clientCa);
    }

    /** Plaintext on {@code address}, every call seen first by {@code interceptor}. */
    static TestServer listeningOn(InetSocketAddress address, ServerInterceptor interceptor) throws Exception {
        return new TestServer(NettyServerBuilder.forAddress(address).intercept(interceptor), null, null, null);
    }

    private TestServer(NettyServerBuilder builder, File certChain, File privateKey, File clientCa) throws Exception {
        ModelRegistry registry = ModelRegistry.load(Path.of("..", "models"),
                new ModelLoader(new SessionFactory(ExecutionDevice.CPU_DEVICE, 1), new BatchPolicy(64, Duration.ofMillis(1), 1024, 1)), "mnist");
        if (certChain != null) builder.sslContext(ServerTls.context(certChain, privateKey, clientCa));
        server = new CvaeServer(builder, registry, new CvaeOperations(images), 1024, 64).start();
    }

    String target() {
        return "127.0.0.1:" + server.port();
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown(5, TimeUnit.SECONDS);
        images.dispose();
    }
}
