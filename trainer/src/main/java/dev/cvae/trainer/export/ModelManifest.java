package dev.cvae.trainer.export;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvae.trainer.data.Attribute;
import dev.cvae.trainer.data.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: everything a server or client needs to know about a model directory, and how the model
 * was made. The server reads it with its own classes; this record and the README's description of the format
 * are the contract. Sections it does not know (the server's {@code serving}) are ignored when read, and kept by
 * {@link #withEvaluation}, which is how model.json is changed after training.
 *
 * @param formatVersion version of this layout (1)
 * @param networks      "encoder" and "decoder": file name, SHA-256 and input/output tensors
 * @param metrics       per-epoch losses; epoch 0 is the untrained model
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelManifest(int formatVersion, String name, String version, Image image, List<String> labelNames,
                            Conditioning conditioning, int latentDim, Architecture architecture,
                            Map<String, NetworkFile> networks, Dataset dataset, Training training,
                            List<EpochRecord> metrics, Evaluation evaluation, String createdAt) {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "model.json";

    public record Image(int channels, int height, int width) {
    }

    /**
     * How c is built: {@code kind} is one-hot, binary, scalar or multi-attribute; {@code attributes} in c's order,
     * each categorical (one-hot over {@code values}), binary (one slot, 0 = values[0], 1 = values[1]) or scalar
     * (one slot; {@code min}/{@code max} seen in training).
     */
    public record Conditioning(String kind, int size, List<AttributeInfo> attributes) {
        public static Conditioning of(dev.cvae.trainer.data.Conditioning c) {
            return new Conditioning(c.kind(), c.size(), c.attributes().stream().map(a -> new AttributeInfo(a.name(), a.type().id(),
                    a.isClass() ? a.values() : null, a.isClass() ? null : a.min(), a.isClass() ? null : a.max())).toList());
        }

        /**
         * The conditioning this describes; without {@code attributes} (model.json files written before they were)
         * one categorical attribute {@code label} over {@code labelNames}.
         */
        public dev.cvae.trainer.data.Conditioning toConditioning(List<String> labelNames) {
            if (attributes == null) return dev.cvae.trainer.data.Conditioning.oneHot(TrainingData.LABEL_ATTRIBUTE, labelNames);
            return new dev.cvae.trainer.data.Conditioning(attributes.stream().map(a -> new Attribute(a.name(), Attribute.Type.fromId(a.type()),
                    a.values(), a.min() == null ? 0 : a.min(), a.max() == null ? 0 : a.max())).toList());
        }
    }

    public record AttributeInfo(String name, String type, List<String> values, Double min, Double max) {
    }

    /**
     * @param type          mlp or conv
     * @param convChannels  conv: channels of each stride-2 convolution (the decoder mirrors them)
     * @param kernel        conv: side of the square kernels
     * @param labelEmbedding width of the learned embedding of c inside both networks, when there is one
     */
    public record Architecture(String type, List<Integer> encoderHidden, List<Integer> decoderHidden,
                               String hiddenActivation, String outputDistribution, List<Integer> convChannels,
                               Integer kernel, Integer labelEmbedding) {
    }

    /** Shapes use -1 for the dynamic batch dimension. */
    public record Tensor(String name, String dtype, List<Integer> shape) {
    }

    public record NetworkFile(String file, String sha256, List<Tensor> inputs, List<Tensor> outputs) {
    }

    public record Dataset(String name, String path, int trainImages, int testImages) {
    }

    /** {@code reconstruction}: bernoulli or gaussian ({@code gaussianSigma} set for gaussian only). */
    public record Training(String command, long seed, int epochs, int batchSize, double learningRate,
                           String learningRateSchedule, String reconstruction, Double gaussianSigma, double klWeight,
                           int klWarmupEpochs, double freeBits, double auxWeight, String auxClassifier, int patience,
                           String backend, double seconds) {
    }

    public record EpochRecord(int epoch, double trainRec, double trainKl, double testRec, double testKl,
                              double testNegElbo, double seconds) {
    }

    /** How often samples show the requested label, judged by an independent classifier. */
    public record LabelObedience(String classifier, double classifierTestAccuracy, int samplesPerLabel, double overall,
                                 Map<String, Double> perLabel) {
    }

    /**
     * Of the exported weights: those of {@code epoch} (the last, or the best one with early stopping).
     * {@code labelObedience} is the training-time judge's; {@code bound} and {@code independentObedience} are
     * measured afterwards by {@code cvae-train report --data/--judge} and absent until then.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Evaluation(double testNegElbo, int epoch, LabelObedience labelObedience, Bound bound,
                             IndependentObedience independentObedience) {
        public Evaluation(double testNegElbo, int epoch, LabelObedience labelObedience) {
            this(testNegElbo, epoch, labelObedience, null, null);
        }
    }

    /**
     * Bounds on the held-out log-likelihood in nats per image, from the exported ONNX files: the negative ELBO at one
     * posterior sample and the negative importance-weighted bound with {@code k} samples (Burda et al.), never looser.
     *
     * @param data where the {@code testImages} held-out images came from
     */
    public record Bound(String data, int testImages, long seed, double negElbo, int k, double negIwae) {
    }

    /**
     * How often prior samples show the requested label by judges kept apart from training, each beside its own
     * accuracy on real test images of that label (its ceiling).
     *
     * @param judgeDirectory the strong judge's directory, as given
     * @param temperature    prior samples come from N(0, T^2 I)
     */
    public record IndependentObedience(String judgeDirectory, int samplesPerLabel, long seed, double temperature,
                                       List<JudgeObedience> judges) {
    }

    /** One judge's verdict: overall and per label, in label order. */
    public record JudgeObedience(String judge, double obedience, double realTestAccuracy, List<LabelShare> labels) {
    }

    public record LabelShare(String label, double obedience, double realTestAccuracy, int realTestImages) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code json} (a model.json) with {@code evaluation.bound} and {@code evaluation.independentObedience} set to
     * these where not null; every other field, those this record does not know included, stays as it was.
     */
    public static byte[] withEvaluation(byte[] json, Bound bound, IndependentObedience obedience) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(json);
            ObjectNode evaluation = root.withObjectProperty("evaluation");
            if (bound != null) evaluation.set("bound", JSON.valueToTree(bound));
            if (obedience != null) evaluation.set("independentObedience", JSON.valueToTree(obedience));
            return JSON.writeValueAsBytes(root);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("model.json is not valid: " + e.getMessage(), e);
        }
    }

    public static ModelManifest fromJson(byte[] json) {
        try {
            return JSON.readValue(json, ModelManifest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("model.json is not valid: " + e.getMessage(), e);
        }
    }
}
