package dev.cvae.bench.echo;

import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.EncodeResponse;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.InterpolateFrame;
import dev.cvae.api.v1.InterpolateRequest;
import dev.cvae.api.v1.InterpolateResponse;
import dev.cvae.api.v1.ListModelsRequest;
import dev.cvae.api.v1.ListModelsResponse;
import dev.cvae.api.v1.OperationError;
import dev.cvae.api.v1.ReactorCvaeServiceGrpc;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.api.v1.StreamResponse;
import io.grpc.Status;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The CVAE service with no model behind it: every request is answered at once, on the calling gRPC thread, with
 * a {@link CannedResponses canned answer} of the size a real one has. Driven by the same load generator as the
 * real server, it measures what the grpc-java + Reactor stack alone allows: the "stack limit" of
 * docs/benchmarks.md. For benchmarks only.
 *
 * <p>Requests are checked only as far as the answer's size depends on them: count, steps and format. Stateless
 * and thread-safe.
 */
public final class EchoService extends ReactorCvaeServiceGrpc.CvaeServiceImplBase {
    /** Like the server's default --max-images. */
    static final int MAX_ROWS = 1024;

    private final CannedResponses canned;

    public EchoService(CannedResponses canned) {
        this.canned = Objects.requireNonNull(canned, "canned");
    }

    @Override
    public Mono<ListModelsResponse> listModels(Mono<ListModelsRequest> request) {
        return request.map(r -> canned.models());
    }

    @Override
    public Mono<GenerateResponse> generate(Mono<GenerateRequest> request) {
        return request.map(r -> checked(() -> generate(r, "")));
    }

    @Override
    public Mono<EncodeResponse> encode(Mono<EncodeRequest> request) {
        return request.map(r -> canned.encoded());
    }

    @Override
    public Flux<InterpolateFrame> interpolate(Mono<InterpolateRequest> request) {
        return request.flatMapIterable(r -> checked(() -> interpolate(r, "")));
    }

    /** Each request gets exactly one answer with its id, as from the real server; a bad one gets an error answer. */
    @Override
    public Flux<StreamResponse> stream(Flux<StreamRequest> requests) {
        return requests.map(this::answer);
    }

    private StreamResponse answer(StreamRequest r) {
        StreamResponse.Builder answer = StreamResponse.newBuilder().setId(r.getId());
        try {
            return switch (r.getOperationCase()) {
                case GENERATE -> answer.setGenerate(generate(r.getGenerate(), "generate.")).build();
                case ENCODE -> answer.setEncode(canned.encoded()).build();
                case INTERPOLATE -> answer.setInterpolate(InterpolateResponse.newBuilder()
                        .addAllFrames(interpolate(r.getInterpolate(), "interpolate."))).build();
                case OPERATION_NOT_SET -> throw new InvalidEchoRequest("operation", "missing; set generate, encode or interpolate");
            };
        } catch (InvalidEchoRequest e) {
            Status status = e.status();
            return answer.setError(OperationError.newBuilder().setCode(status.getCode().value()).setStatus(status.getCode().name())
                    .setMessage(status.getDescription())).build();
        }
    }

    /** A unary call's answer, or its INVALID_ARGUMENT status. */
    private static <T> T checked(Supplier<T> answer) {
        try {
            return answer.get();
        } catch (InvalidEchoRequest e) {
            throw e.status().asRuntimeException();
        }
    }

    private GenerateResponse generate(GenerateRequest r, String path) {
        return canned.generate(rows(r.getCount(), path + "count"), format(r.getFormat(), path + "format"), r.getSeed());
    }

    private List<InterpolateFrame> interpolate(InterpolateRequest r, String path) {
        return canned.interpolate(rows(r.getSteps(), path + "steps"), format(r.getFormat(), path + "format"));
    }

    private static int rows(int requested, String field) {
        int rows = requested == 0 ? 1 : requested;
        if (rows < 1 || rows > MAX_ROWS) throw new InvalidEchoRequest(field, requested + ", expected 1.." + MAX_ROWS);
        return rows;
    }

    private static ImageFormat format(ImageFormat requested, String field) {
        return switch (requested) {
            case IMAGE_FORMAT_UNSPECIFIED, IMAGE_FORMAT_PNG -> ImageFormat.IMAGE_FORMAT_PNG;
            case IMAGE_FORMAT_RAW_FLOAT32 -> ImageFormat.IMAGE_FORMAT_RAW_FLOAT32;
            default -> throw new InvalidEchoRequest(field, requested + ", expected IMAGE_FORMAT_PNG or IMAGE_FORMAT_RAW_FLOAT32");
        };
    }

    /** A request field the echo cannot size an answer for; becomes INVALID_ARGUMENT naming the field. */
    private static final class InvalidEchoRequest extends RuntimeException {
        InvalidEchoRequest(String field, String problem) {
            super(field + ": " + problem, null, false, false);
        }

        Status status() {
            return Status.INVALID_ARGUMENT.withDescription(getMessage());
        }
    }
}
