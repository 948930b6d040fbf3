package dev.cvae.client;

import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.grpc.CvaeServer;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.model.ModelLoader;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.runtime.ExecutionDevice;
import dev.cvae.server.runtime.SessionFactory;
import dev.cvae.server.security.BearerTokenAuth;
import dev.cvae.server.security.ServerTls;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.File;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The real server with the bundled models on a loopback socket: plaintext or TLS, with or without bearer tokens. */
final class TestServer implements AutoCloseable {
    private final CvaeServer server;
    private final Scheduler images = Schedulers.newParallel("client-test", 1, true);
    private final ServerTls tls;
    private final BearerTokenAuth auth;

    TestServer(File certChain, File privateKey) throws Exception {
        this(certChain, privateKey, null);
    }

    /** With {@code clientCa}, clients must present a certificate signed by it (mutual TLS). */
    TestServer(File certChain, File privateKey, File clientCa) throws Exception {
        this(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), certChain, privateKey, clientCa, null);
    }

    /** Plaintext on {@code address}, every call seen first by {@code interceptor}. */
    static TestServer listeningOn(InetSocketAddress address, ServerInterceptor interceptor) throws Exception {
        return new TestServer(NettyServerBuilder.forAddress(address).intercept(interceptor), null, null, null, null);
    }

    /** Plaintext, and every call but health and reflection needs a bearer token of {@code tokenFile}. */
    static TestServer withTokens(Path tokenFile) throws Exception {
        return new TestServer(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), null, null, null, tokenFile);
    }

    private TestServer(NettyServerBuilder builder, File certChain, File privateKey, File clientCa, Path tokenFile) throws Exception {
        ModelRegistry registry = ModelRegistry.load(Path.of("..", "models"),
                new ModelLoader(new SessionFactory(ExecutionDevice.CPU_DEVICE, 1), new BatchPolicy(64, Duration.ofMillis(1), 1024, 1)), "mnist");
        tls = certChain != null ? ServerTls.start(certChain, privateKey, clientCa, Duration.ofSeconds(5)) : null;
        if (tls != null) builder.sslContext(tls.context());
        auth = tokenFile != null ? BearerTokenAuth.start(tokenFile, BearerTokenAuth.DEFAULT_OPEN_SERVICES, Duration.ofSeconds(5)) : null;
        if (auth != null) builder.intercept(auth);
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
        if (tls != null) tls.close();
        if (auth != null) auth.close();
    }
}
