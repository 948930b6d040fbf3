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
                              Conditioning conditioning, int latentDim, Map<String, NetworkFile> networks) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Image(int channels, int height, int width) {
        public int pixels() {
            return channels * height * width;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Conditioning(String kind, int size) {
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
