package dev.cvae.server.grpc;

import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.EncodeRequest;
import dev.cvae.api.v1.Endpoint;
import dev.cvae.api.v1.FloatVector;
import dev.cvae.api.v1.GenerateRequest;
import dev.cvae.api.v1.Image;
import dev.cvae.api.v1.InterpolateRequest;
import dev.cvae.api.v1.PathKind;
import dev.cvae.server.inference.Commands;
import dev.cvae.server.inference.ConditionSpec;
import dev.cvae.server.inference.EncodedImage;
import dev.cvae.server.inference.ImageCodec;
import dev.cvae.server.inference.ImageFormat;
import dev.cvae.server.inference.InvalidRequestException;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.model.ServedModel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns API requests into checked commands: the one place where requests are validated. Every error names
 * the field (with its path inside a stream request, e.g. {@code generate.count}), the value and what was
 * expected. Thread-safe.
 */
final class RequestMapper {
    private final ModelRegistry registry;
    private final int maxRows;

    /** @param maxRows the most images one request may ask for (and interpolation steps) */
    RequestMapper(ModelRegistry registry, int maxRows) {
        this.registry = registry;
        this.maxRows = maxRows;
    }

    Commands.Generate generate(GenerateRequest r, long deadlineNanos, String path) {
        ServedModel model = registry.get(r.getModel(), r.getModelVersion());
        float[] condition = condition(r.hasCondition() ? r.getCondition() : null, model, path + "condition");
        float[] latents = null;
        int count;
        if (r.getLatentsCount() > 0) {
            count = r.getLatentsCount();
            checkRows(count, path + "latents", "vectors");
            int dim = model.latentDim();
            latents = new float[count * dim];
            for (int i = 0; i < count; i++) {
                float[] v = vector(r.getLatents(i), dim, path + "latents[" + i + "]", "the latent size of model " + model.name());
                System.arraycopy(v, 0, latents, i * dim, dim);
            }
        } else {
            count = r.getCount() == 0 ? 1 : r.getCount();
            checkRows(count, path + "count", "images");
        }
        long seed = r.hasSeed() ? r.getSeed() : ThreadLocalRandom.current().nextLong();
        return new Commands.Generate(model, condition, count, seed, latents, format(r.getFormatValue(), path + "format"), deadlineNanos);
    }

    Commands.Encode encode(EncodeRequest r, long deadlineNanos, String path) {
        ServedModel model = registry.get(r.getModel(), r.getModelVersion());
        float[] condition = condition(r.hasCondition() ? r.getCondition() : null, model, path + "condition");
        if (!r.hasImage()) throw new InvalidRequestException(path + "image", "missing; send a PNG or raw float32 image");
        float[] pixels = pixels(r.getImage(), model, path + "image");
        return new Commands.Encode(model, pixels, condition, r.getReconstruct(), format(r.getFormatValue(), path + "format"), deadlineNanos);
    }

    Commands.Interpolate interpolate(InterpolateRequest r, long deadlineNanos, String path) {
        ServedModel model = registry.get(r.getModel(), r.getModelVersion());
        if (r.getSteps() < 2 || r.getSteps() > maxRows) {
            throw new InvalidRequestException(path + "steps", r.getSteps() + ", expected 2.." + maxRows);
        }
        if (r.getPath() != PathKind.PATH_KIND_LINEAR && r.getPath() != PathKind.PATH_KIND_SPHERICAL) {
            throw new InvalidRequestException(path + "path", "value " + r.getPathValue() + " is not LINEAR (0) or SPHERICAL (1)");
        }
        return new Commands.Interpolate(model,
                endpoint(r.hasStart() ? r.getStart() : null, model, path + "start"),
                endpoint(r.hasEnd() ? r.getEnd() : null, model, path + "end"),
                r.getSteps(), r.getPath() == PathKind.PATH_KIND_SPHERICAL, format(r.getFormatValue(), path + "format"),
                deadlineNanos);
    }

    private Commands.Endpoint endpoint(Endpoint e, ServedModel model, String path) {
        if (e == null) throw new InvalidRequestException(path, "missing; give a latent vector, a seed or an image, and a condition");
        float[] condition = condition(e.hasCondition() ? e.getCondition() : null, model, path + ".condition");
        Commands.Point point = switch (e.getPointCase()) {
            case LATENT -> new Commands.Point.Latent(vector(e.getLatent(), model.latentDim(), path + ".latent",
                    "the latent size of model " + model.name()));
            case SEED -> new Commands.Point.Seed(e.getSeed());
            case IMAGE -> new Commands.Point.Pixels(pixels(e.getImage(), model, path + ".image"));
            case POINT_NOT_SET -> throw new InvalidRequestException(path, "no point; set latent, seed or image");
        };
        return new Commands.Endpoint(condition, point);
    }

    private static float[] condition(Condition c, ServedModel model, String path) {
        if (c == null || c.getKindCase() == Condition.KindCase.KIND_NOT_SET) {
            throw new InvalidRequestException(path, "missing; set class_index, label_name, attributes or vector");
        }
        ConditionSpec spec = switch (c.getKindCase()) {
            case CLASS_INDEX -> new ConditionSpec.ClassIndex(c.getClassIndex());
            case LABEL_NAME -> new ConditionSpec.LabelName(c.getLabelName());
            case VECTOR -> new ConditionSpec.Vector(toArray(c.getVector()));
            case ATTRIBUTES -> new ConditionSpec.AttributeValues(c.getAttributes().getValuesMap());
            case KIND_NOT_SET -> throw new IllegalStateException("unreachable");
        };
        return spec.resolve(model.descriptor(), path);
    }

    private static float[] vector(FloatVector v, int size, String path, String what) {
        if (v.getValuesCount() != size) {
            throw new InvalidRequestException(path, v.getValuesCount() + " values, expected " + size + " (" + what + ")");
        }
        float[] out = toArray(v);
        for (int i = 0; i < out.length; i++) {
            if (!Float.isFinite(out[i])) throw new InvalidRequestException(path, "value " + out[i] + " at index " + i + " is not finite");
        }
        return out;
    }

    private static float[] toArray(FloatVector v) {
        float[] out = new float[v.getValuesCount()];
        for (int i = 0; i < out.length; i++) out[i] = v.getValues(i);
        return out;
    }

    private static float[] pixels(Image image, ServedModel model, String path) {
        ImageFormat format = format(image.getFormatValue(), path + ".format");
        EncodedImage encoded = new EncodedImage(format, image.getData().toByteArray(), image.getShape().getChannels(),
                image.getShape().getHeight(), image.getShape().getWidth());
        return ImageCodec.decode(encoded, model.image(), path);
    }

    private static ImageFormat format(int value, String path) {
        return switch (value) {
            case 0, 1 -> ImageFormat.PNG;
            case 2 -> ImageFormat.RAW_FLOAT32;
            default -> throw new InvalidRequestException(path, "value " + value + " is not PNG (1) or RAW_FLOAT32 (2)");
        };
    }

    private void checkRows(int n, String path, String what) {
        if (n < 1 || n > maxRows) throw new InvalidRequestException(path, n + " " + what + ", expected 1.." + maxRows);
    }
}
