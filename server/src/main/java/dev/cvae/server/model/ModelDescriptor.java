package dev.cvae.server.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/**
 * The server's view of a model directory's {@code model.json}: only what serving needs. Unknown fields are
 * ignored, so the trainer may record more without breaking the server.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelDescriptor(int formatVersion, String name, String version, Image image, List<String> labelNames,
                              Conditioning conditioning, int latentDim, Map<String, NetworkFile> networks, Serving serving) {

    /** Without a {@code serving} section: the server's batching defaults apply. */
    public ModelDescriptor(int formatVersion, String name, String version, Image image, List<String> labelNames,
                           Conditioning conditioning, int latentDim, Map<String, NetworkFile> networks) {
        this(formatVersion, name, version, image, labelNames, conditioning, latentDim, networks, null);
    }

    /** The same model under another version (a version directory's name overrides model.json's). */
    public ModelDescriptor withVersion(String newVersion) {
        return new ModelDescriptor(formatVersion, name, newVersion, image, labelNames, conditioning, latentDim, networks, serving);
    }

    /**
     * The optional {@code serving} section: batching knobs for this model that override the server's command-line
     * defaults, and the sampling temperature of generate requests that give none; each field may be left out
     * (null keeps the default).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Serving(Integer maxBatch, Long maxDelayUs, Integer workers, Integer maxQueueRows, Double temperature) {
        public Serving(Integer maxBatch, Long maxDelayUs, Integer workers, Integer maxQueueRows) {
            this(maxBatch, maxDelayUs, workers, maxQueueRows, null);
        }
    }

    /** The temperature of generate requests that give none: {@code serving.temperature}, else 1. */
    public float defaultTemperature() {
        return serving == null || serving.temperature() == null ? 1f : serving.temperature().floatValue();
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Image(int channels, int height, int width) {
        public int pixels() {
            return channels * height * width;
        }
    }

    /**
     * How c is built. {@code attributes} list, in c's order, what may be named in a request; model.json files
     * written before attributes existed have none, and then the model has one categorical attribute, "label".
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Conditioning(String kind, int size, List<Attribute> attributes) {
        public Conditioning {
            attributes = attributes == null ? null : List.copyOf(attributes);
        }

        public Conditioning(String kind, int size) {
            this(kind, size, null);
        }
    }

    /**
     * One attribute: "categorical" (one-hot over {@code values}), "binary" (one slot, values[0] = 0 and
     * values[1] = 1) or "scalar" (one slot; {@code min}/{@code max} as seen in training).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attribute(String name, String type, List<String> values, Double min, Double max) {
        public static final String CATEGORICAL = "categorical";
        public static final String BINARY = "binary";
        public static final String SCALAR = "scalar";

        public Attribute {
            values = values == null ? List.of() : List.copyOf(values);
        }

        /** Slots in c. */
        public int width() {
            return CATEGORICAL.equals(type) ? values.size() : 1;
        }

        public boolean isClass() {
            return !SCALAR.equals(type);
        }
    }

    /** The attributes, with the implicit "label" attribute of older one-hot models. */
    public List<Attribute> attributes() {
        if (conditioning.attributes() != null) return conditioning.attributes();
        return List.of(new Attribute("label", Attribute.CATEGORICAL, labelNames, null, null));
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Tensor(String name, String dtype, List<Long> shape) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record NetworkFile(String file, String sha256, List<Tensor> inputs, List<Tensor> outputs) {
    }

    public static final String ENCODER = "encoder";
    public static final String DECODER = "decoder";
}
