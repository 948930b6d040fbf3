package dev.cvae.server.security;

import static dev.cvae.server.security.TokenFileTest.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.api.v1.ListModelsRequest;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.grpc.CvaeServer;
import dev.cvae.server.inference.CvaeOperations;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.testing.Await;
import dev.cvae.server.testing.FakeModel;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import dev.cvae.api.v1.LoadModelRequest;
import dev.cvae.api.v1.ModelRepositoryServiceGrpc;
import dev.cvae.api.v1.RepositoryIndexRequest;
import dev.cvae.api.v1.UnloadModelRequest;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The real server behind the bearer-token interceptor, in-process: who gets in, what they are told, and reloads. */
class BearerTokenAuthTest {
    private static final String ALICE = "alice-token-0123456789abcdef";
    private static final String BOB = "bob-token-0123456789abcdef";
    private static final String CAROL = "carol-token-0123456789abcdef";
    private static final Duration POLL = Duration.ofMillis(50);

    @TempDir
    Path dir;
    Path tokens;
    BearerTokenAuth auth;
    CvaeServer server;
    ManagedChannel channel;
    private final Scheduler images = Schedulers.newSingle("auth-test-images");

    @BeforeEach
    void start() throws Exception {
        tokens = Files.writeString(dir.resolve("tokens"), "alice " + ALICE + " admin\nbob sha256:" + sha256(BOB) + "\n");
        auth = BearerTokenAuth.start(tokens, BearerTokenAuth.DEFAULT_OPEN_SERVICES, POLL);
        String name = InProcessServerBuilder.generateName();
        FakeModel fake = new FakeModel(new BatchPolicy(8, Duration.ZERO, 64, 1), false);
        server = new CvaeServer(InProcessServerBuilder.forName(name).directExecutor().intercept(auth),
                ModelRegistry.of(List.of(fake.model), "fake"), new CvaeOperations(images), 64, 64).start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdown(5, TimeUnit.SECONDS);
        auth.close();
        images.dispose();
    }

    /** ListModels with this authorization header (none for null). */
    private String listModels(Channel channel, String authorization) {
        return CvaeServiceGrpc.newBlockingStub(withHeader(channel, authorization))
                .listModels(ListModelsRequest.getDefaultInstance()).getDefaultModel();
    }

    private static Channel withHeader(Channel channel, String authorization) {
        if (authorization == null) return channel;
        Metadata headers = new Metadata();
        headers.put(BearerTokenAuth.AUTHORIZATION, authorization);
        return ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private void assertUnauthenticated(String authorization, String description) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> listModels(channel, authorization));
        assertEquals(Status.Code.UNAUTHENTICATED, e.getStatus().getCode());
        assertEquals(description, e.getStatus().getDescription());
    }

    private boolean accepted(String token) {
        try {
            listModels(channel, "Bearer " + token);
            return true;
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    @Test
    void callsWithoutAValidBearerTokenAreUnauthenticatedAndToldWhatIsWrongWithoutTheTokenEchoed() {
        assertUnauthenticated(null, "missing credentials: send the header 'authorization: Bearer <token>'");
        assertUnauthenticated("Basic " + ALICE, "the authorization header is not a bearer token; send 'authorization: Bearer <token>'");
        assertUnauthenticated("Bearer ", "the bearer token is empty");
        assertUnauthenticated("Bearer " + ALICE + "x", "the bearer token is not valid");
        assertUnauthenticated("Bearer sha256:" + sha256(BOB), "the bearer token is not valid");
    }

    @Test
    void plainAndHashedTokensAreServedWhateverTheSchemesCase() {
        assertEquals("fake", listModels(channel, "Bearer " + ALICE));
        assertEquals("fake", listModels(channel, "bearer " + BOB));
    }

    @Test
    void healthAndReflectionStayOpenWithoutAToken() {
        assertEquals(ServingStatus.SERVING, HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus());
        assertTrue(BearerTokenAuth.DEFAULT_OPEN_SERVICES.containsAll(List.of(
                io.grpc.reflection.v1.ServerReflectionGrpc.SERVICE_NAME, "grpc.reflection.v1alpha.ServerReflection")));
    }

    @Test
    void theOpenServicesAreConfigurable() throws Exception {
        String name = InProcessServerBuilder.generateName();
        try (BearerTokenAuth apiOpen = BearerTokenAuth.start(tokens, List.of(CvaeServiceGrpc.SERVICE_NAME), POLL)) {
            FakeModel fake = new FakeModel(new BatchPolicy(8, Duration.ZERO, 64, 1), false);
            CvaeServer other = new CvaeServer(InProcessServerBuilder.forName(name).directExecutor().intercept(apiOpen),
                    ModelRegistry.of(List.of(fake.model), "fake"), new CvaeOperations(images), 64, 64).start();
            ManagedChannel toOther = InProcessChannelBuilder.forName(name).directExecutor().build();
            try {
                assertEquals("fake", listModels(toOther, null));
                StatusRuntimeException health = assertThrows(StatusRuntimeException.class,
                        () -> HealthGrpc.newBlockingStub(toOther).check(HealthCheckRequest.getDefaultInstance()));
                assertEquals(Status.Code.UNAUTHENTICATED, health.getStatus().getCode());
            } finally {
                toOther.shutdownNow();
                other.shutdown(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aChangedFileLetsANewTokenInAndARemovedOneOut() throws IOException {
        assertTrue(accepted(BOB));
        replace(tokens, "alice " + ALICE + " admin\ncarol " + CAROL + "\n");
        Await.until("carol's new token is accepted", () -> accepted(CAROL));
        assertFalse(accepted(BOB), "bob's token was removed");
        assertTrue(accepted(ALICE));
    }

    @Test
    void aChangedFileThatDoesNotParseIsReportedAndTheOldTokensKeepWorking() throws IOException {
        replace(tokens, "alice " + ALICE + " admin\ncarol short\n");
        Await.until("the bad file is reported", () -> auth.problem().isPresent());
        assertEquals(tokens + ":2: token of 'carol' has 5 characters, expected at least 16 (make one with: openssl rand -hex 32)",
                auth.problem().orElseThrow());
        assertTrue(accepted(ALICE));
        assertTrue(accepted(BOB), "the previous tokens stay until a file parses");
        assertFalse(accepted("short"));

        replace(tokens, "alice " + ALICE + " admin\ncarol " + CAROL + "\n");
        Await.until("the fixed file is used", () -> accepted(CAROL));
        assertTrue(auth.problem().isEmpty());
    }

    /** Writes a new file and moves it into place, as README tells operators to: the watcher never sees half a file. */
    private void replace(Path file, String text) throws IOException {
        Path next = Files.writeString(dir.resolve("tokens.next"), text);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static final MethodDescriptor.Marshaller<String> TEXT = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(String value) {
            return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** A stand-in for the admin operations (loading a model): it answers whom it served, if they have the right. */
    private static final MethodDescriptor<String, String> LOAD = MethodDescriptor.<String, String>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY).setFullMethodName("test.Admin/Load")
            .setRequestMarshaller(TEXT).setResponseMarshaller(TEXT).build();

    @Test
    void anAdminOperationServesOnlyATokenWithTheAdminRight() throws Exception {
        ServerServiceDefinition admin = ServerServiceDefinition.builder("test.Admin")
                .addMethod(LOAD, ServerCalls.asyncUnaryCall((model, response) -> {
                    try {
                        Caller caller = Caller.require(Right.ADMIN);
                        response.onNext(model + " loaded for " + caller.name());
                        response.onCompleted();
                    } catch (StatusRuntimeException e) {
                        response.onError(e);
                    }
                })).build();
        String name = InProcessServerBuilder.generateName();
        Server adminServer = InProcessServerBuilder.forName(name).directExecutor().addService(admin).intercept(auth).build().start();
        ManagedChannel toAdmin = InProcessChannelBuilder.forName(name).directExecutor().build();
        try {
            assertEquals("mnist loaded for alice", ClientCalls.blockingUnaryCall(withHeader(toAdmin, "Bearer " + ALICE), LOAD,
                    CallOptions.DEFAULT, "mnist"));
            StatusRuntimeException bob = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                    withHeader(toAdmin, "Bearer " + BOB), LOAD, CallOptions.DEFAULT, "mnist"));
            assertEquals(Status.Code.PERMISSION_DENIED, bob.getStatus().getCode());
            assertEquals("token 'bob' lacks the admin right this operation needs", bob.getStatus().getDescription());
            StatusRuntimeException nobody = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
                    toAdmin, LOAD, CallOptions.DEFAULT, "mnist"));
            assertEquals(Status.Code.UNAUTHENTICATED, nobody.getStatus().getCode());
        } finally {
            toAdmin.shutdownNow();
            adminServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutTokensNoCallerHasARight() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> Caller.require(Right.ADMIN));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertEquals("this operation needs a bearer token with the admin right; the server grants rights only with --auth-tokens",
                e.getStatus().getDescription());
    }

    @Test
    void loadingAndUnloadingModelsNeedsATokenWithTheAdminRight() {
        var asBob = ModelRepositoryServiceGrpc.newBlockingStub(withHeader(channel, "Bearer " + BOB));
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> asBob.unloadModel(UnloadModelRequest.newBuilder().setName("fake").build()));
        assertEquals(Status.Code.PERMISSION_DENIED, e.getStatus().getCode());
        assertEquals("token 'bob' lacks the admin right this operation needs", e.getStatus().getDescription());
        assertEquals(0, asBob.repositoryIndex(RepositoryIndexRequest.getDefaultInstance()).getModelsCount(),
                "reading the index needs no right (this registry has no repository to list)");

        var asAlice = ModelRepositoryServiceGrpc.newBlockingStub(withHeader(channel, "Bearer " + ALICE));
        assertEquals(List.of("1"), asAlice.unloadModel(UnloadModelRequest.newBuilder().setName("fake").build()).getVersionsList());
        StatusRuntimeException none = assertThrows(StatusRuntimeException.class, () -> ModelRepositoryServiceGrpc.newBlockingStub(channel)
                .loadModel(LoadModelRequest.newBuilder().setName("fake").build()));
        assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
    }
}
