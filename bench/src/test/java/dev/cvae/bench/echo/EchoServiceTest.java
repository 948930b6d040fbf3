package dev.cvae.bench.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.cvae.api.v1.CvaeServiceGrpc;
import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.EncodeResponse;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.GeneratedImage;
import dev.cvae.api.v1.Image;
import dev.cvae.api.v1.ImageFormat;
import dev.cvae.api.v1.InterpolateFrame;
import dev.cvae.api.v1.InterpolateRequest;
import dev.cvae.api.v1.InterpolateResponse;
import dev.cvae.api.v1.ListModelsRequest;
import dev.cvae.api.v1.ListModelsResponse;
import dev.cvae.api.v1.ModelInfo;
import dev.cvae.api.v1.ReactorCvaeServiceGrpc;
import dev.cvae.api.v1.StreamRequest;
import dev.cvae.api.v1.StreamResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

class EchoServiceTest {
    private Server server;
    private ManagedChannel channel;

    /** What a capture of a real server looks like: 16 images and 8 frames per format, each image's bytes naming it. */
    static CannedResponses canned() {
        Map<ImageFormat, GenerateResponse> generated = new EnumMap<>(ImageFormat.class);
        Map<ImageFormat, InterpolateResponse> interpolated = new EnumMap<>(ImageFormat.class);
        for (ImageFormat format : List.of(ImageFormat.IMAGE_FORMAT_PNG, ImageFormat.IMAGE_FORMAT_RAW_FLOAT32)) {
            generated.put(format, GenerateResponse.newBuilder().setModel("mnist").addAllImages(IntStream.range(0, CannedResponses.CAPTURED_COUNT)
                    .mapToObj(i -> GeneratedImage.newBuilder().setImage(image(format, "image " + i)).build()).toList()).build());
            interpolated.put(format, InterpolateResponse.newBuilder().addAllFrames(IntStream.range(0, CannedResponses.CAPTURED_STEPS)
                    .mapToObj(i -> InterpolateFrame.newBuilder().setIndex(i).setImage(image(format, "frame " + i)).build()).toList()).build());
        }
        return new CannedResponses(ListModelsResponse.newBuilder().addModels(ModelInfo.newBuilder().setName("mnist")).setDefaultModel("mnist").build(),
                generated, EncodeResponse.newBuilder().setModel("mnist").addMu(0.5f).build(), interpolated);
    }

    private static Image image(ImageFormat format, String content) {
        return Image.newBuilder().setFormat(format).setData(ByteString.copyFromUtf8(content)).build();
    }

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(new EchoService(canned())).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void streamAnswersEachRequestWithItsIdAndTheRequestedNumberOfImages() {
        List<StreamResponse> answers = ReactorCvaeServiceGrpc.newReactorStub(channel).stream(Flux.just(
                StreamRequest.newBuilder().setId("g").setGenerate(GenerateRequest.newBuilder().setCount(3)
                        .setFormat(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32)).build(),
                StreamRequest.newBuilder().setId("e").setEncode(EncodeRequest.getDefaultInstance()).build(),
                StreamRequest.newBuilder().setId("i").setInterpolate(InterpolateRequest.newBuilder().setSteps(5)).build()))
                .collectList().block(Duration.ofSeconds(10));

        assertEquals(List.of("g", "e", "i"), answers.stream().map(StreamResponse::getId).toList());
        assertEquals(3, answers.get(0).getGenerate().getImagesCount());
        assertEquals(ImageFormat.IMAGE_FORMAT_RAW_FLOAT32, answers.get(0).getGenerate().getImages(0).getImage().getFormat());
        assertEquals(0.5f, answers.get(1).getEncode().getMu(0));
        assertEquals(List.of(0, 1, 2, 3, 4), answers.get(2).getInterpolate().getFramesList().stream().map(InterpolateFrame::getIndex).toList());
        assertEquals(ImageFormat.IMAGE_FORMAT_PNG, answers.get(2).getInterpolate().getFrames(0).getImage().getFormat());
    }

    @Test
    void aCountTheServerWouldRefuseIsAnErrorAnswerNamingTheFieldAndTheStreamGoesOn() {
        List<StreamResponse> answers = ReactorCvaeServiceGrpc.newReactorStub(channel).stream(Flux.just(
                StreamRequest.newBuilder().setId("bad").setGenerate(GenerateRequest.newBuilder().setCount(5000)).build(),
                StreamRequest.newBuilder().setId("good").setGenerate(GenerateRequest.getDefaultInstance()).build()))
                .collectList().block(Duration.ofSeconds(10));

        assertEquals("INVALID_ARGUMENT", answers.get(0).getError().getStatus());
        assertEquals("generate.count: 5000, expected 1..1024", answers.get(0).getError().getMessage());
        assertEquals(1, answers.get(1).getGenerate().getImagesCount());
    }

    @Test
    void unaryGenerateRepeatsTheCapturedImagesUpToTheCount() {
        GenerateResponse answer = CvaeServiceGrpc.newBlockingStub(channel).generate(GenerateRequest.newBuilder().setCount(40).setSeed(9).build());

        assertEquals(40, answer.getImagesCount());
        assertEquals("image 0", answer.getImages(16).getImage().getData().toStringUtf8());
        assertEquals("image 7", answer.getImages(39).getImage().getData().toStringUtf8());
        assertEquals(9, answer.getSeed());
    }

    @Test
    void unaryCallsFailWithInvalidArgumentOnAnUnknownFormat() {
        var stub = CvaeServiceGrpc.newBlockingStub(channel);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.interpolate(
                InterpolateRequest.newBuilder().setFormatValue(7).build()).next());

        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith("format: "), e.getStatus().getDescription());
    }

    @Test
    void listModelsAnswersWhatTheRealServerAnswered() {
        assertEquals("mnist", CvaeServiceGrpc.newBlockingStub(channel).listModels(ListModelsRequest.getDefaultInstance()).getDefaultModel());
    }

    @Test
    void cannedResponsesReadBackAsSaved(@TempDir Path dir) throws Exception {
        CannedResponses saved = canned();
        saved.save(dir);

        assertEquals(saved, CannedResponses.load(dir));
    }
}
