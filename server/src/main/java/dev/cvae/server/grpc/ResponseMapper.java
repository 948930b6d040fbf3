package dev.cvae.server.grpc;

import com.google.protobuf.UnsafeByteOperations;
import dev.cvae.api.v1.AttributeInfo;
import dev.cvae.api.v1.EncodeResponse;
import dev.cvae.api.v1.GenerateResponse;
import dev.cvae.api.v1.GeneratedImage;
import dev.cvae.api.v1.Image;
import dev.cvae.api.v1.ImageShape;
import dev.cvae.api.v1.InterpolateFrame;
import dev.cvae.api.v1.ListModelsResponse;
import dev.cvae.api.v1.BatchingPolicy;
import dev.cvae.api.v1.ModelInfo;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.inference.Commands;
import dev.cvae.server.inference.EncodedImage;
import dev.cvae.server.inference.ImageFormat;
import dev.cvae.server.model.ModelDescriptor;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.model.ServedModel;
import java.util.List;

/** Builds API responses from operation results. Stateless. */
final class ResponseMapper {
    private ResponseMapper() {
    }

    static ListModelsResponse models(ModelRegistry registry) {
        ListModelsResponse.Builder b = ListModelsResponse.newBuilder().setDefaultModel(registry.defaultModel());
        for (ServedModel m : registry.all()) {
            ModelDescriptor d = m.descriptor();
            ModelInfo.Builder info = ModelInfo.newBuilder();
            for (ModelDescriptor.Attribute a : d.attributes()) {
                AttributeInfo.Builder ai = AttributeInfo.newBuilder().setName(a.name()).setType(a.type()).addAllValues(a.values());
                if (a.min() != null) ai.setMin(a.min());
                if (a.max() != null) ai.setMax(a.max());
                info.addAttributes(ai);
            }
            b.addModels(info
                    .setName(d.name())
                    .setVersion(m.version())
                    .setImageShape(shape(d.image().channels(), d.image().height(), d.image().width()))
                    .addAllLabelNames(d.labelNames() == null ? List.of() : d.labelNames())
                    .setLatentDim(d.latentDim())
                    .setConditioningKind(d.conditioning().kind())
                    .setConditioningSize(d.conditioning().size())
                    .setBatching(batching(m.decoder().policy()))
                    .setDefaultTemperature(m.defaultTemperature()));
        }
        return b.build();
    }

    private static BatchingPolicy batching(BatchPolicy p) {
        return BatchingPolicy.newBuilder().setMaxBatch(p.maxBatch()).setMaxDelayUs(p.maxDelay().toNanos() / 1000)
                .setWorkers(p.workers()).setMaxQueueRows(p.maxQueueRows()).build();
    }

    static GenerateResponse generated(Commands.Generated g) {
        GenerateResponse.Builder b = GenerateResponse.newBuilder()
                .setModel(g.model().name())
                .setModelVersion(g.model().version())
                .setSeed(g.seed());
        int dim = g.model().latentDim();
        for (int i = 0; i < g.images().size(); i++) {
            GeneratedImage.Builder img = GeneratedImage.newBuilder().setImage(image(g.images().get(i)));
            for (int j = 0; j < dim; j++) img.addLatent(g.latents()[i * dim + j]);
            b.addImages(img);
        }
        return b.build();
    }

    static EncodeResponse encoded(Commands.Encoded e) {
        EncodeResponse.Builder b = EncodeResponse.newBuilder().setModel(e.model().name()).setModelVersion(e.model().version());
        for (float v : e.mu()) b.addMu(v);
        for (float v : e.logvar()) b.addLogvar(v);
        if (e.reconstruction() != null) b.setReconstruction(image(e.reconstruction()));
        return b.build();
    }

    static InterpolateFrame frame(Commands.Frame f, String modelVersion) {
        InterpolateFrame.Builder b = InterpolateFrame.newBuilder().setIndex(f.index()).setT(f.t()).setImage(image(f.image()))
                .setModelVersion(modelVersion);
        for (float v : f.latent()) b.addLatent(v);
        for (float v : f.condition()) b.addCondition(v);
        return b.build();
    }

    private static Image image(EncodedImage img) {
        return Image.newBuilder()
                .setFormat(img.format() == ImageFormat.PNG ? dev.cvae.api.v1.ImageFormat.IMAGE_FORMAT_PNG
                        : dev.cvae.api.v1.ImageFormat.IMAGE_FORMAT_RAW_FLOAT32)
                .setData(UnsafeByteOperations.unsafeWrap(img.data())) // never written after encoding: shared, not copied
                .setShape(shape(img.channels(), img.height(), img.width()))
                .build();
    }

    private static ImageShape shape(int c, int h, int w) {
        return ImageShape.newBuilder().setChannels(c).setHeight(h).setWidth(w).build();
    }
}
