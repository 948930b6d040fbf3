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
import dev.cvae.server.inference.ImageFormat;
import dev.cvae.server.inference.InvalidRequestException;
import dev.cvae.server.inference.RequestValidator;
import dev.cvae.server.inference.RequestValidator.EndpointSpec;
import dev.cvae.server.inference.RequestValidator.PointSpec;
import dev.cvae.server.model.ModelRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads API requests into what {@link RequestValidator} checks, the one place where requests are validated (the
 * HTTP adapter's requests too). What only the protobuf form can get wrong (an enum value out of range) is checked
 * here, first: a request's form before its meaning. Every error names the field (with its path inside a stream request, e.g. {@code generate.count}), the value
 * and what was expected. Thread-safe.
 */
final class RequestMapper {
    private final RequestValidator validator;

    /** @param maxRows the most images one request may ask for (and interpolation steps) */
    RequestMapper(ModelRegistry registry, int maxRows) {
        this.validator = new RequestValidator(registry, maxRows);
    }

    Commands.Generate generate(GenerateRequest r, long deadlineNanos, String path) {
        List<float[]> latents = new ArrayList<>(r.getLatentsCount());
        for (FloatVector v : r.getLatentsList()) latents.add(toArray(v));
        return validator.generate(r.getModel(), r.getModelVersion(), condition(r.hasCondition() ? r.getCondition() : null),
                r.getCount(), latents, r.hasSeed() ? r.getSeed() : null, r.hasTemperature() ? r.getTemperature() : null,
                format(r.getFormatValue(), path + "format"),
                deadlineNanos, path);
    }

    Commands.Encode encode(EncodeRequest r, long deadlineNanos, String path) {
        return validator.encode(r.getModel(), r.getModelVersion(), condition(r.hasCondition() ? r.getCondition() : null),
                r.hasImage() ? image(r.getImage(), path + "image") : null, r.getReconstruct(),
                format(r.getFormatValue(), path + "format"), deadlineNanos, path);
    }

    Commands.Interpolate interpolate(InterpolateRequest r, long deadlineNanos, String path) {
        return validator.interpolate(r.getModel(), r.getModelVersion(),
                r.hasStart() ? endpoint(r.getStart(), path + "start") : null,
                r.hasEnd() ? endpoint(r.getEnd(), path + "end") : null,
                r.getSteps(), spherical(r, path + "path"), format(r.getFormatValue(), path + "format"), deadlineNanos, path);
    }

    private static boolean spherical(InterpolateRequest r, String path) {
        if (r.getPath() != PathKind.PATH_KIND_LINEAR && r.getPath() != PathKind.PATH_KIND_SPHERICAL) {
            throw new InvalidRequestException(path, "value " + r.getPathValue() + " is not LINEAR (0) or SPHERICAL (1)");
        }
        return r.getPath() == PathKind.PATH_KIND_SPHERICAL;
    }

    private static EndpointSpec endpoint(Endpoint e, String path) {
        PointSpec point = switch (e.getPointCase()) {
            case LATENT -> new PointSpec.Latent(toArray(e.getLatent()));
            case SEED -> new PointSpec.Seed(e.getSeed());
            case IMAGE -> new PointSpec.Image(image(e.getImage(), path + ".image"));
            case POINT_NOT_SET -> null;
        };
        return new EndpointSpec(condition(e.hasCondition() ? e.getCondition() : null), point);
    }

    /** Null when the request sets none: the validator says it is missing. */
    private static ConditionSpec condition(Condition c) {
        if (c == null) return null;
        return switch (c.getKindCase()) {
            case CLASS_INDEX -> new ConditionSpec.ClassIndex(c.getClassIndex());
            case LABEL_NAME -> new ConditionSpec.LabelName(c.getLabelName());
            case VECTOR -> new ConditionSpec.Vector(toArray(c.getVector()));
            case ATTRIBUTES -> new ConditionSpec.AttributeValues(c.getAttributes().getValuesMap());
            case KIND_NOT_SET -> null;
        };
    }

    private static float[] toArray(FloatVector v) {
        float[] out = new float[v.getValuesCount()];
        for (int i = 0; i < out.length; i++) out[i] = v.getValues(i);
        return out;
    }

    private static EncodedImage image(Image image, String path) {
        return new EncodedImage(format(image.getFormatValue(), path + ".format"), image.getData().toByteArray(),
                image.getShape().getChannels(), image.getShape().getHeight(), image.getShape().getWidth());
    }

    private static ImageFormat format(int value, String path) {
        return switch (value) {
            case 0, 1 -> ImageFormat.PNG;
            case 2 -> ImageFormat.RAW_FLOAT32;
            default -> throw new InvalidRequestException(path, "value " + value + " is not PNG (1) or RAW_FLOAT32 (2)");
        };
    }
}
