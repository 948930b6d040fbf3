package dev.cvae.server.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.batch.Batcher;
import dev.cvae.server.runtime.InferenceFunction.Port;
import dev.cvae.server.runtime.InferenceFunction.Workspace;
import dev.cvae.server.runtime.OnnxNetwork;
import dev.cvae.server.runtime.SessionFactory;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a model directory and opens it for serving: model.json present and valid, each ONNX file's SHA-256 as
 * recorded, and each network's input and output names and shapes as the CVAE contract requires
 * (encoder x, c -> mu, logvar; decoder z, c -> x_hat; every tensor float [N, width]).
 */
public final class ModelLoader {
    /** Strict about the end: a model.json with anything after its object is refused, as a sign of a bad write. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final SessionFactory sessions;
    private final BatchPolicy policy;
    private final ModelMonitor monitor;

    public ModelLoader(SessionFactory sessions, BatchPolicy policy) {
        this(sessions, policy, ModelMonitor.NONE);
    }

    /** @param monitor observes every network's batcher of every model this loader opens (metrics) */
    public ModelLoader(SessionFactory sessions, BatchPolicy policy, ModelMonitor monitor) {
        this.sessions = sessions;
        this.policy = policy;
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    /** Who watches the models this loader opens. */
    public ModelMonitor monitor() {
        return monitor;
    }

    /** Loads a flat model directory: the version is model.json's. */
    public ServedModel load(Path dir) throws InvalidModelException {
        return load(dir, null);
    }

    /**
     * Reads and checks a directory's model.json without opening anything: what a repository scan needs to know
     * (name, version) before it decides whether to load it.
     *
     * @param version the version directory's name, which overrides model.json's version; null for a flat directory
     */
    public ModelDescriptor describe(Path dir, String version) throws InvalidModelException {
        ModelDescriptor d = readDescriptor(dir);
        if (version != null) return d.withVersion(version);
        return d.version() == null || d.version().isBlank() ? d.withVersion("") : d;
    }

    /**
     * Opens a model version for serving, after a test inference through each network (one row of zeros must give
     * finite outputs), so that a version that cannot serve is refused before any request reaches it.
     *
     * @param version the version directory's name, or null for a flat directory (model.json's version)
     */
    public ServedModel load(Path dir, String version) throws InvalidModelException {
        ModelDescriptor d = describe(dir, version);
        BatchPolicy effective = policyFor(d, dir.resolve("model.json"));
        int pixels = d.image().pixels();
        int k = d.conditioning().size();
        int latent = d.latentDim();
        OnnxNetwork encoder = open(dir, d, ModelDescriptor.ENCODER,
                List.of(new Port("x", pixels), new Port("c", k)),
                List.of(new Port("mu", latent), new Port("logvar", latent)));
        OnnxNetwork decoder;
        try {
            decoder = open(dir, d, ModelDescriptor.DECODER,
                    List.of(new Port("z", latent), new Port("c", k)),
                    List.of(new Port("x_hat", pixels)));
        } catch (InvalidModelException e) {
            closeQuietly(encoder);
            throw e;
        }
        String label = d.name() + "@" + d.version();
        ServedModel model = new ServedModel(d, dir,
                new Batcher(label + "/encoder", encoder, effective, monitor.network(d, ModelDescriptor.ENCODER)),
                new Batcher(label + "/decoder", decoder, effective, monitor.network(d, ModelDescriptor.DECODER)));
        monitor.opened(model);
        return model;
    }

    /**
     * One row of zeros (a fresh workspace's inputs) through the network, the way a batch worker runs it, must give
     * finite outputs: a version that cannot serve is refused here.
     */
    private static void testInference(OnnxNetwork network, String role, Path file) throws InvalidModelException {
        try (Workspace space = network.workspace(1)) {
            try {
                space.run(1);
            } catch (Exception e) {
                throw new InvalidModelException(file + ": the test inference of the " + role + " failed: " + e.getMessage(), e);
            }
            List<Port> outputs = network.outputs();
            for (int i = 0; i < outputs.size(); i++) {
                FloatBuffer values = space.output(i);
                for (int j = 0; j < outputs.get(i).width(); j++) {
                    if (!Float.isFinite(values.get(j))) {
                        throw new InvalidModelException(file + ": the test inference of the " + role + " gave a non-finite "
                                + outputs.get(i).name());
                    }
                }
            }
        }
    }

    /** The server's defaults with the model's {@code serving} section laid over them (package-private: fuzzed). */
    BatchPolicy policyFor(ModelDescriptor d, Path json) throws InvalidModelException {
        ModelDescriptor.Serving s = d.serving();
        if (s == null) return policy;
        if (s.temperature() != null && !Temperature.allowed(s.temperature())) {
            throw new InvalidModelException(json + ": serving.temperature must be " + Temperature.RANGE + ", got " + s.temperature());
        }
        if (s.maxDelayUs() != null && s.maxDelayUs() < 0) {
            throw new InvalidModelException(json + ": serving.maxDelayUs must be >= 0, got " + s.maxDelayUs());
        }
        try {
            return new BatchPolicy(
                    s.maxBatch() != null ? s.maxBatch() : policy.maxBatch(),
                    s.maxDelayUs() != null ? Duration.ofNanos(s.maxDelayUs() * 1000) : policy.maxDelay(),
                    s.maxQueueRows() != null ? s.maxQueueRows() : policy.maxQueueRows(),
                    s.workers() != null ? s.workers() : policy.workers());
        } catch (IllegalArgumentException e) {
            throw new InvalidModelException(json + ": serving." + e.getMessage(), e);
        }
    }

    /** {@code dir/model.json}, read and checked (package-private: fuzzed by ModelDescriptorFuzzTest). */
    static ModelDescriptor readDescriptor(Path dir) throws InvalidModelException {
        Path json = dir.resolve("model.json");
        if (!Files.isRegularFile(json)) throw new InvalidModelException(dir + ": no model.json");
        ModelDescriptor d;
        try {
            d = JSON.readValue(json.toFile(), ModelDescriptor.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidModelException(json + ": not valid JSON for a model: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidModelException(json + ": cannot read: " + e.getMessage(), e);
        }
        require(d != null, json, "is null, expected a JSON object");
        require(d.formatVersion() == 1, json, "formatVersion " + d.formatVersion() + ", expected 1");
        require(d.name() != null && !d.name().isBlank(), json, "name is missing");
        require(d.image() != null && d.image().channels() >= 1 && d.image().height() >= 1 && d.image().width() >= 1,
                json, "image must give channels, height and width >= 1");
        long pixels = (long) d.image().channels() * d.image().height() * d.image().width();
        require(pixels <= MAX_PIXELS, json, "image " + d.image().channels() + "x" + d.image().height() + "x" + d.image().width()
                + " has " + pixels + " values, expected at most " + MAX_PIXELS);
        require(d.latentDim() >= 1, json, "latentDim " + d.latentDim() + ", expected >= 1");
        require(d.conditioning() != null && d.conditioning().size() >= 1, json, "conditioning.size must be >= 1");
        checkConditioning(d, json);
        require(d.networks() != null && d.networks().containsKey(ModelDescriptor.ENCODER)
                && d.networks().containsKey(ModelDescriptor.DECODER), json, "networks must list encoder and decoder");
        for (String role : List.of(ModelDescriptor.ENCODER, ModelDescriptor.DECODER)) {
            require(d.networks().get(role) != null, json, "networks." + role + " is null, expected {file, sha256}");
        }
        return d;
    }

    /** Values per image at most (C*H*W): 4096x4096 RGBA; more would overflow the sizes computed from it. */
    static final long MAX_PIXELS = 1L << 26;
    private static final Set<String> KINDS = Set.of("one-hot", "binary", "scalar", "multi-attribute");
    private static final Set<String> TYPES = Set.of(ModelDescriptor.Attribute.CATEGORICAL, ModelDescriptor.Attribute.BINARY,
            ModelDescriptor.Attribute.SCALAR);

    /** The attributes must add up to the conditioning size, and the labels must be the primary attribute's values. */
    private static void checkConditioning(ModelDescriptor d, Path json) throws InvalidModelException {
        ModelDescriptor.Conditioning c = d.conditioning();
        require(c.kind() != null && KINDS.contains(c.kind()), json, "conditioning.kind '" + c.kind() + "' is not supported (expected one of "
                + String.join(", ", new TreeSet<>(KINDS)) + ")");
        if (c.attributes() == null) {
            require("one-hot".equals(c.kind()), json, "conditioning.attributes are missing (only one-hot models may leave them out)");
            require(d.labelNames() != null && d.labelNames().size() == c.size(), json,
                    "labelNames must name each of the " + c.size() + " classes");
            require(!d.labelNames().contains(null), json, "labelNames " + d.labelNames() + " has a null, expected strings");
            return;
        }
        require(!c.attributes().isEmpty(), json, "conditioning.attributes is empty");
        int width = 0;
        Set<String> names = new HashSet<>();
        for (ModelDescriptor.Attribute a : c.attributes()) {
            require(a.name() != null && !a.name().isBlank() && names.add(a.name()), json,
                    "conditioning.attributes: names must be present and distinct, got '" + a.name() + "'");
            require(a.type() != null && TYPES.contains(a.type()), json,
                    "attribute " + a.name() + ": type '" + a.type() + "' is not categorical, binary or scalar");
            require(!ModelDescriptor.Attribute.BINARY.equals(a.type()) || a.values().size() == 2, json,
                    "attribute " + a.name() + ": binary needs exactly 2 values, got " + a.values());
            require(!ModelDescriptor.Attribute.CATEGORICAL.equals(a.type()) || a.values().size() >= 2, json,
                    "attribute " + a.name() + ": categorical needs at least 2 values, got " + a.values());
            width += a.width();
        }
        require(width == c.size(), json, "conditioning.attributes take " + width + " slots but conditioning.size is " + c.size());
        List<String> primary = c.attributes().stream().filter(ModelDescriptor.Attribute::isClass).findFirst()
                .map(ModelDescriptor.Attribute::values).orElse(List.of());
        require(primary.equals(d.labelNames() == null ? List.of() : d.labelNames()), json,
                "labelNames " + d.labelNames() + " must be the first class attribute's values " + primary);
    }

    private OnnxNetwork open(Path dir, ModelDescriptor d, String role, List<Port> inputs, List<Port> outputs)
            throws InvalidModelException {
        ModelDescriptor.NetworkFile net = d.networks().get(role);
        require(net.file() != null, dir.resolve("model.json"), "networks." + role + ".file is missing");
        Path file = dir.resolve(net.file()).normalize();
        require(file.startsWith(dir.normalize()), dir.resolve("model.json"), role + " file lies outside the model directory");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidModelException(file + ": cannot read " + role + " (" + e.getMessage() + ")", e);
        }
        String sha = sha256(bytes);
        require(sha.equalsIgnoreCase(String.valueOf(net.sha256())), file,
                "SHA-256 is " + sha + " but model.json records " + net.sha256());
        OnnxNetwork network;
        try {
            network = sessions.open(bytes);
        } catch (Exception e) {
            throw new InvalidModelException(file + ": ONNX Runtime cannot load it: " + e.getMessage(), e);
        }
        if (!sameAs(network.inputs(), inputs) || !sameAs(network.outputs(), outputs)) {
            closeQuietly(network);
            throw new InvalidModelException(file + ": " + role + " has inputs " + network.inputs() + " and outputs "
                    + network.outputs() + ", expected " + inputs + " and " + outputs);
        }
        try {
            testInference(network, role, file);
        } catch (InvalidModelException e) {
            closeQuietly(network);
            throw e;
        }
        return network;
    }

    private static boolean sameAs(List<Port> actual, List<Port> expected) {
        Map<String, Integer> a = actual.stream().collect(java.util.stream.Collectors.toMap(Port::name, Port::width));
        Map<String, Integer> e = expected.stream().collect(java.util.stream.Collectors.toMap(Port::name, Port::width));
        return a.equals(e);
    }

    private static void require(boolean ok, Path where, String problem) throws InvalidModelException {
        if (!ok) throw new InvalidModelException(where + ": " + problem);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(OnnxNetwork network) {
        try {
            network.close();
        } catch (Exception ignored) {
            // the model is being rejected; nothing else holds the session
        }
    }
}
