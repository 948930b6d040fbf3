package dev.cvae.bench.echo;

import com.google.protobuf.MessageLite;
import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.EncodeResponse;
import dev.cvae.api.v1.Endpoint;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.Image;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.InterpolateFrame;
import dev.cvae.api.v1.InterpolateRequest;
import dev.cvae.api.v1.InterpolateResponse;
import dev.cvae.api.v1.ListModelsRequest;
import dev.cvae.api.v1.ListModelsResponse;
import dev.cvae.api.v1.ModelInfo;
import io.grpc.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The answers of a real server, captured once, that the echo service sends back: the model list, a generate of
 * {@link #CAPTURED_COUNT} images and an interpolation of {@link #CAPTURED_STEPS} frames in each image format, and an
 * encode. A request for another count or step number is answered with the captured images or frames repeated, so
 * every answer has the size a real one would have.
 *
 * <p>Immutable and thread-safe. Saved as one protobuf file per answer, so the echo server (another process) loads
 * what the benchmark captured.
 */
public record CannedResponses(ListModelsResponse models, Map<ImageFormat, GenerateResponse> generated, EncodeResponse encoded,
                              Map<ImageFormat, InterpolateResponse> interpolated) {
    public static final int CAPTURED_COUNT = 16;
    public static final int CAPTURED_STEPS = 8;
    private static final List<ImageFormat> FORMATS = List.of(ImageFormat.IMAGE_FORMAT_PNG, ImageFormat.IMAGE_FORMAT_RAW_FLOAT32);

    public CannedResponses {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(encoded, "encoded");
        generated = Map.copyOf(generated);
        interpolated = Map.copyOf(interpolated);
        for (ImageFormat format : FORMATS) {
            if (!generated.containsKey(format) || generated.get(format).getImagesCount() == 0) {
                throw new IllegalArgumentException("generated: no images in format " + format);
            }
            if (!interpolated.containsKey(format) || interpolated.get(format).getFramesCount() == 0) {
                throw new IllegalArgumentException("interpolated: no frames in format " + format);
            }
        }
    }

    /**
     * Asks a real server for each answer, on {@code model} under its first label, with fixed seeds.
     *
     * @throws io.grpc.StatusRuntimeException when the server fails a call
     */
    public static CannedResponses capture(Channel channel, String model) {
        var stub = CvaeServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        ListModelsResponse models = stub.listModels(ListModelsRequest.getDefaultInstance());
        ModelInfo info = models.getModelsList().stream().filter(m -> m.getName().equals(model)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("model: '" + model + "' is not served; served: " + models.getModelsList()
                        .stream().map(ModelInfo::getName).toList()));
        Condition condition = Condition.newBuilder().setClassIndex(0).build();
        Map<ImageFormat, GenerateResponse> generated = new EnumMap<>(ImageFormat.class);
        Map<ImageFormat, InterpolateResponse> interpolated = new EnumMap<>(ImageFormat.class);
        for (ImageFormat format : FORMATS) {
            generated.put(format, stub.generate(GenerateRequest.newBuilder().setModel(info.getName()).setCondition(condition)
                    .setCount(CAPTURED_COUNT).setSeed(1).setFormat(format).build()));
            List<InterpolateFrame> frames = new ArrayList<>();
            stub.interpolate(InterpolateRequest.newBuilder().setModel(info.getName()).setSteps(CAPTURED_STEPS).setFormat(format)
                    .setStart(Endpoint.newBuilder().setCondition(condition).setSeed(1))
                    .setEnd(Endpoint.newBuilder().setCondition(condition).setSeed(2)).build()).forEachRemaining(frames::add);
            interpolated.put(format, InterpolateResponse.newBuilder().addAllFrames(frames).build());
        }
        Image png = generated.get(ImageFormat.IMAGE_FORMAT_PNG).getImages(0).getImage();
        EncodeResponse encoded = stub.encode(EncodeRequest.newBuilder().setModel(info.getName()).setImage(png).setCondition(condition).build());
        return new CannedResponses(models, generated, encoded, interpolated);
    }

    /** A generate answer of {@code count} images in {@code format}: the captured images, repeated as needed. */
    public GenerateResponse generate(int count, ImageFormat format, long seed) {
        GenerateResponse captured = generated.get(format);
        GenerateResponse.Builder answer = captured.toBuilder().clearImages().setSeed(seed);
        for (int i = 0; i < count; i++) answer.addImages(captured.getImages(i % captured.getImagesCount()));
        return answer.build();
    }

    /** An interpolation of {@code steps} frames in {@code format}: the captured frames, repeated as needed. */
    public List<InterpolateFrame> interpolate(int steps, ImageFormat format) {
        InterpolateResponse captured = interpolated.get(format);
        List<InterpolateFrame> frames = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            frames.add(captured.getFrames(i % captured.getFramesCount()).toBuilder().setIndex(i).setT(i / (float) Math.max(1, steps - 1)).build());
        }
        return frames;
    }

    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("list-models.pb"), models);
        write(dir.resolve("encode.pb"), encoded);
        for (ImageFormat format : FORMATS) {
            write(dir.resolve("generate-" + suffix(format) + ".pb"), generated.get(format));
            write(dir.resolve("interpolate-" + suffix(format) + ".pb"), interpolated.get(format));
        }
    }

    /** @throws IOException when a file is missing or is not the message it should hold */
    public static CannedResponses load(Path dir) throws IOException {
        Map<ImageFormat, GenerateResponse> generated = new EnumMap<>(ImageFormat.class);
        Map<ImageFormat, InterpolateResponse> interpolated = new EnumMap<>(ImageFormat.class);
        for (ImageFormat format : FORMATS) {
            try (InputStream in = Files.newInputStream(dir.resolve("generate-" + suffix(format) + ".pb"))) {
                generated.put(format, GenerateResponse.parseFrom(in));
            }
            try (InputStream in = Files.newInputStream(dir.resolve("interpolate-" + suffix(format) + ".pb"))) {
                interpolated.put(format, InterpolateResponse.parseFrom(in));
            }
        }
        try (InputStream models = Files.newInputStream(dir.resolve("list-models.pb"));
             InputStream encoded = Files.newInputStream(dir.resolve("encode.pb"))) {
            return new CannedResponses(ListModelsResponse.parseFrom(models), generated, EncodeResponse.parseFrom(encoded), interpolated);
        }
    }

    private static String suffix(ImageFormat format) {
        return format == ImageFormat.IMAGE_FORMAT_PNG ? "png" : "raw";
    }

    private static void write(Path file, MessageLite message) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            message.writeTo(out);
        }
    }
}
