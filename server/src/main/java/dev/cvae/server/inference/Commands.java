package dev.cvae.server.inference;

import dev.cvae.server.model.Network;
import dev.cvae.server.model.ServedModel;
import java.util.List;
import java.util.Map;

/**
 * Checked requests and their results, as the operations see them: conditions resolved to vectors, images
 * decoded to pixels, all sizes matching the model. Built by the API adapter, which validates once at the edge.
 */
public final class Commands {
    private Commands() {
    }

    /**
     * {@code latents}: null to sample {@code count} vectors from {@code seed} at {@code temperature} (N(0, T^2 I)),
     * else count x latentDim values.
     */
    public record Generate(ServedModel model, float[] condition, int count, long seed, float temperature, float[] latents,
                           ImageFormat format, long deadlineNanos) {
    }

    /** The images, each with the latent vector it was decoded from ({@code latents}, row after row). */
    public record Generated(ServedModel model, long seed, List<EncodedImage> images, float[] latents) {
    }

    public record Encode(ServedModel model, float[] pixels, float[] condition, boolean reconstruct, ImageFormat format,
                         long deadlineNanos) {
    }

    /** {@code reconstruction} is null unless asked for. */
    public record Encoded(ServedModel model, float[] mu, float[] logvar, EncodedImage reconstruction) {
    }

    /** Where an interpolation starts or ends. */
    public sealed interface Point {
        record Latent(float[] z) implements Point {
        }

        record Seed(long seed) implements Point {
        }

        /** The posterior mean of these pixels under the endpoint's condition. */
        record Pixels(float[] pixels) implements Point {
        }
    }

    public record Endpoint(float[] condition, Point point) {
    }

    public record Interpolate(ServedModel model, Endpoint start, Endpoint end, int steps, boolean spherical,
                              ImageFormat format, long deadlineNanos) {
    }

    public record Frame(int index, float t, EncodedImage image, float[] latent, float[] condition) {
    }

    /**
     * One network of a model run on given rows, input by input: {@code inputs} maps each of the network's input
     * names to {@code rows * width} values, row-major.
     */
    public record Infer(ServedModel model, Network network, Map<String, float[]> inputs, int rows, long deadlineNanos) {
        public Infer {
            if (model == null) throw new IllegalArgumentException("model must be given");
            if (network == null) throw new IllegalArgumentException("network must be given");
            if (rows < 1) throw new IllegalArgumentException("rows must be >= 1, got " + rows);
            inputs = Map.copyOf(inputs);
        }
    }
}
