package dev.cvae.server.inference;

import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.model.ServedModel;
import dev.cvae.server.model.Temperature;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns what a request asks for, read from its wire format by an adapter (gRPC, HTTP), into a checked command: the
 * one place where requests are validated, so that every adapter refuses a request with the same message. Each error
 * names the field (with the path the adapter gives, e.g. {@code generate.count}), the value and what was expected.
 * Thread-safe.
 */
public final class RequestValidator {
    private final ModelRegistry registry;
    private final int maxRows;

    /** @param maxRows the most images one request may ask for (and interpolation steps) */
    public RequestValidator(ModelRegistry registry, int maxRows) {
        if (maxRows < 1) throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
        this.registry = registry;
        this.maxRows = maxRows;
    }

    /** Where an interpolation starts or ends, as asked: a condition and one point (null when neither was given). */
    public record EndpointSpec(ConditionSpec condition, PointSpec point) {
    }

    /** A point as asked, before it is checked against the model. */
    public sealed interface PointSpec {
        record Latent(float[] z) implements PointSpec {
        }

        record Seed(long seed) implements PointSpec {
        }

        record Image(EncodedImage image) implements PointSpec {
        }
    }

    /**
     * @param condition null when the request has none
     * @param count     0 for one image; ignored when {@code latents} are given
     * @param latents   the vectors to decode; empty to sample {@code count} from the seed
     * @param seed      null for a random one
     * @param temperature null for the model's default
     */
    public Commands.Generate generate(String model, String version, ConditionSpec condition, int count, List<float[]> latents,
                                      Long seed, Float temperature, ImageFormat format, long deadlineNanos, String path) {
        ServedModel m = registry.get(model, version);
        float[] c = condition(condition, m, path + "condition");
        float[] z = null;
        int n;
        if (!latents.isEmpty()) {
            n = rows(latents.size(), path + "latents", "vectors");
            int dim = m.latentDim();
            z = new float[n * dim];
            for (int i = 0; i < n; i++) System.arraycopy(latent(latents.get(i), m, path + "latents[" + i + "]"), 0, z, i * dim, dim);
        } else {
            n = rows(count == 0 ? 1 : count, path + "count", "images");
        }
        long s = seed != null ? seed : ThreadLocalRandom.current().nextLong();
        if (temperature != null && !Temperature.allowed(temperature)) {
            throw new InvalidRequestException(path + "temperature", temperature + " is not a sampling temperature; expected a number "
                    + Temperature.RANGE + " (1 samples the prior as trained, lower gives more typical images)");
        }
        float t = temperature != null ? temperature : m.defaultTemperature();
        return new Commands.Generate(m, c, n, s, t, z, format, deadlineNanos);
    }

    /** @param image null when the request has none */
    public Commands.Encode encode(String model, String version, ConditionSpec condition, EncodedImage image, boolean reconstruct,
                                  ImageFormat format, long deadlineNanos, String path) {
        ServedModel m = registry.get(model, version);
        float[] c = condition(condition, m, path + "condition");
        if (image == null) throw new InvalidRequestException(path + "image", "missing; send a PNG or raw float32 image");
        float[] pixels = ImageCodec.decode(image, m.image(), path + "image");
        return new Commands.Encode(m, pixels, c, reconstruct, format, deadlineNanos);
    }

    /** @param start null when the request has none, and {@code end} likewise */
    public Commands.Interpolate interpolate(String model, String version, EndpointSpec start, EndpointSpec end, int steps,
                                            boolean spherical, ImageFormat format, long deadlineNanos, String path) {
        ServedModel m = registry.get(model, version);
        if (steps < 2 || steps > maxRows) throw new InvalidRequestException(path + "steps", steps + ", expected 2.." + maxRows);
        return new Commands.Interpolate(m, endpoint(start, m, path + "start"), endpoint(end, m, path + "end"), steps, spherical,
                format, deadlineNanos);
    }

    private Commands.Endpoint endpoint(EndpointSpec e, ServedModel model, String path) {
        if (e == null) throw new InvalidRequestException(path, "missing; give a latent vector, a seed or an image, and a condition");
        float[] condition = condition(e.condition(), model, path + ".condition");
        PointSpec p = e.point();
        if (p == null) throw new InvalidRequestException(path, "no point; set latent, seed or image");
        Commands.Point point;
        if (p instanceof PointSpec.Latent l) {
            point = new Commands.Point.Latent(latent(l.z(), model, path + ".latent"));
        } else if (p instanceof PointSpec.Seed s) {
            point = new Commands.Point.Seed(s.seed());
        } else {
            point = new Commands.Point.Pixels(ImageCodec.decode(((PointSpec.Image) p).image(), model.image(), path + ".image"));
        }
        return new Commands.Endpoint(condition, point);
    }

    private static float[] condition(ConditionSpec spec, ServedModel model, String path) {
        if (spec == null) throw new InvalidRequestException(path, "missing; set class_index, label_name, attributes or vector");
        return spec.resolve(model.descriptor(), path);
    }

    /** A latent vector of the model: its size, every value finite. */
    private static float[] latent(float[] v, ServedModel model, String path) {
        if (v.length != model.latentDim()) {
            throw new InvalidRequestException(path, v.length + " values, expected " + model.latentDim()
                    + " (the latent size of model " + model.name() + ")");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) throw new InvalidRequestException(path, "value " + v[i] + " at index " + i + " is not finite");
        }
        return v;
    }

    private int rows(int n, String path, String what) {
        if (n < 1 || n > maxRows) throw new InvalidRequestException(path, n + " " + what + ", expected 1.." + maxRows);
        return n;
    }
}
