package dev.cvae.server.http;

import static dev.cvae.server.http.Replies.afterRequest;

import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.metrics.OperationTimer;
import dev.cvae.server.metrics.ServerMetrics;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.security.BearerTokenAuth;
import dev.cvae.server.security.ServerTls;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.ssl.ClientAuth;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.tcp.SslProvider;

/**
 * The model explorer on Reactor Netty beside the gRPC port ({@code --http-port}): the page at {@code /} and its JSON
 * API under {@code /api/}, served by the same operations, batchers and registry as gRPC. With TLS it serves HTTPS
 * with the gRPC port's certificate (and client CA), reloaded with it; with tokens every API call needs one
 * ({@link TokenGuard}); the page itself is open, as it holds no data.
 *
 * <pre>
 * GET  /api/models                          served models, their shapes, labels, latent sizes, report files
 * GET  /api/models/{name}/report/{file}     a file of the model's training report (?version=)
 * POST /api/generate                        JSON: images from labels (or attributes) and seeds or latents
 * POST /api/encode                          JSON: a PNG's latent (and reconstruction)
 * POST /api/interpolate                     Server-Sent Events: a morph's frames as they are computed
 * POST /api/interpolate.gif                 the morph as an animated GIF (?scale=, ?frame_ms=)
 * GET  /api/load                            the load counted so far, for the live panel
 * WS   /api/walk                            latent walk: points in, images out, the newest point wins
 * </pre>
 *
 * <p>Lifecycle: {@link #start} binds; {@link #close} stops within a few seconds. Thread-safe.
 */
public final class ExplorerServer implements AutoCloseable {
    private static final String API = "/api/";
    /** What each API path answers to: for a 405 that says so. */
    private static final Map<String, String> METHODS = Map.of("/api/models", "GET", "/api/generate", "POST",
            "/api/encode", "POST", "/api/interpolate", "POST", "/api/interpolate.gif", "POST", "/api/load", "GET", "/api/walk", "GET");
    /** A walk message: one point's generate request, with room for a few latents. */
    static final int MAX_WEBSOCKET_FRAME = 64 * 1024;

    private final DisposableServer server;

    private ExplorerServer(DisposableServer server) {
        this.server = server;
    }

    /** Who may connect: the gRPC port's TLS and tokens, each null when the server runs without. */
    public record Security(ServerTls tls, BearerTokenAuth tokens) {
        public static final Security NONE = new Security(null, null);
    }

    /**
     * Binds {@code address} (port 0: any free port) and serves.
     *
     * @param maxRows the most images (or morph frames) one request may ask for, as on gRPC
     */
    public static ExplorerServer start(InetSocketAddress address, ModelRegistry registry, CvaeOperations operations, int maxRows,
                                       ServerMetrics metrics, Security security) {
        ExplorerApi api = new ExplorerApi(registry, operations, maxRows, metrics);
        TokenGuard guard = new TokenGuard(security.tokens());
        WalkSocket walk = new WalkSocket(registry, operations, new JsonRequests(registry, maxRows),
                new OperationTimer(metrics.operations(), ExplorerApi::outcome), guard);
        StaticFiles page = new StaticFiles("explorer");
        HttpServer http = HttpServer.create().host(address.getHostString()).port(address.getPort())
                .route(routes -> routes(routes, api, walk, guard, page));
        if (security.tls() != null) {
            ServerTls tls = security.tls();
            SslProvider.GenericSslContextSpec<?> ssl = Http11SslContextSpec.forServer(tls.keyManager())
                    .configure(b -> tls.clientTrust().ifPresent(trust -> b.trustManager(trust).clientAuth(ClientAuth.REQUIRE)));
            http = http.secure(spec -> spec.sslContext(ssl));
        }
        return new ExplorerServer(http.bindNow(Duration.ofSeconds(10)));
    }

    /** The POST handlers read their bodies first; every other route is answered after its request's end (see Replies). */
    private static void routes(HttpServerRoutes routes, ExplorerApi api, WalkSocket walk, TokenGuard guard, StaticFiles page) {
        routes.get("/api/models", guard.guard(afterRequest(api::models)))
                .get("/api/models/{name}/report/{file}", guard.guard(afterRequest(api::report)))
                .post("/api/generate", guard.guard(api::generate))
                .post("/api/encode", guard.guard(api::encode))
                .post("/api/interpolate", guard.guard(api::interpolate))
                .post("/api/interpolate.gif", guard.guard(api::interpolateGif))
                .get("/api/load", guard.guard(afterRequest(api::load)))
                .ws("/api/walk", walk::handle, WebsocketServerSpec.builder().maxFramePayloadLength(MAX_WEBSOCKET_FRAME).build())
                .get("/", afterRequest((request, response) -> page.send("", response)))
                .get("/{file}", afterRequest((request, response) -> page.send(request.param("file"), response)))
                .route(request -> true, ExplorerServer::unknown);
    }

    /** 405 naming the method a known API path takes, else 404; both as JSON. */
    private static Publisher<Void> unknown(HttpServerRequest request, HttpServerResponse response) {
        String path = request.fullPath();
        String allowed = METHODS.get(path);
        if (allowed != null) {
            response.header(HttpHeaderNames.ALLOW, allowed);
            return Replies.afterBody(request, Replies.problem(response, 405, "METHOD_NOT_ALLOWED",
                    request.method().name() + " " + path + " is not served; use " + allowed));
        }
        return Replies.afterBody(request, Replies.problem(response, 404, "NOT_FOUND", "nothing at '" + Replies.quoted(path) + "'"
                + (path.startsWith(API) ? "; the API: " + String.join(", ", METHODS.keySet().stream().sorted().toList()) : "")));
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
