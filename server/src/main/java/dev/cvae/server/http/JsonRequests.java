package dev.cvae.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cvae.server.inference.Commands;
import dev.cvae.server.inference.ConditionSpec;
import dev.cvae.server.inference.EncodedImage;
import dev.cvae.server.inference.ImageFormat;
import dev.cvae.server.inference.InvalidRequestException;
import dev.cvae.server.inference.RequestValidator;
import dev.cvae.server.inference.RequestValidator.EndpointSpec;
import dev.cvae.server.inference.RequestValidator.PointSpec;
import dev.cvae.server.model.ModelRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the HTTP adapter's JSON requests into what {@link RequestValidator} checks, the one place where requests
 * are validated (the gRPC adapter's too), so that both refuse a request with the same message. The JSON mirrors the
 * protobuf messages field by field, with their names ({@code condition.label_name}, {@code image.data} as base64);
 * a seed may be a number or, beyond JavaScript's 2^53, a string. What only JSON can get wrong (a string where a
 * number belongs, an unknown field, bad base64) is checked here, first, naming the field. Images are PNG both ways.
 * Thread-safe.
 */
final class JsonRequests {
    private static final Set<String> GENERATE = Set.of("model", "model_version", "condition", "count", "seed", "temperature", "latents");
    private static final Set<String> ENCODE = Set.of("model", "model_version", "condition", "image", "reconstruct");
    private static final Set<String> INTERPOLATE = Set.of("model", "model_version", "start", "end", "steps", "path");
    private static final Set<String> ENDPOINT = Set.of("condition", "latent", "seed", "image");
    private static final List<String> CONDITIONS = List.of("class_index", "label_name", "attributes", "vector");

    private final RequestValidator validator;

    /** @param maxRows the most images one request may ask for (and interpolation steps) */
    JsonRequests(ModelRegistry registry, int maxRows) {
        this.validator = new RequestValidator(registry, maxRows);
    }

    /** @throws InvalidRequestException naming {@code body} when it is not one JSON object */
    static JsonNode parse(byte[] body) {
        JsonNode node;
        try {
            node = Replies.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("body", "not JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new InvalidRequestException("body", "unreadable (" + e.getMessage() + ")");
        }
        if (node == null || !node.isObject()) throw new InvalidRequestException("body", "expected a JSON object");
        return node;
    }

    Commands.Generate generate(JsonNode r, String path) {
        fields(r, GENERATE, path, "a generate request");
        List<float[]> latents = new ArrayList<>();
        JsonNode vectors = r.get("latents");
        if (vectors != null && !vectors.isNull()) {
            if (!vectors.isArray()) throw new InvalidRequestException(path + "latents", "expected an array of latent vectors");
            for (int i = 0; i < vectors.size(); i++) latents.add(floats(vectors.get(i), path + "latents[" + i + "]"));
        }
        return validator.generate(text(r, "model", path), text(r, "model_version", path), condition(r.get("condition"), path + "condition"),
                integer(r, "count", path), latents, seed(r.get("seed"), path + "seed"), number(r, "temperature", path), ImageFormat.PNG,
                Long.MAX_VALUE, path);
    }

    Commands.Encode encode(JsonNode r, String path) {
        fields(r, ENCODE, path, "an encode request");
        JsonNode image = r.get("image");
        JsonNode reconstruct = r.get("reconstruct");
        if (reconstruct != null && !reconstruct.isBoolean() && !reconstruct.isNull()) {
            throw new InvalidRequestException(path + "reconstruct", "expected true or false, got " + brief(reconstruct));
        }
        return validator.encode(text(r, "model", path), text(r, "model_version", path), condition(r.get("condition"), path + "condition"),
                image == null || image.isNull() ? null : image(image, path + "image"), reconstruct != null && reconstruct.asBoolean(),
                ImageFormat.PNG, Long.MAX_VALUE, path);
    }

    /** @param format how the frames come back: PNG for a page, raw float32 for a GIF made on the server */
    Commands.Interpolate interpolate(JsonNode r, ImageFormat format, String path) {
        fields(r, INTERPOLATE, path, "an interpolate request");
        String kind = text(r, "path", path);
        if (!kind.isEmpty() && !kind.equals("LINEAR") && !kind.equals("SPHERICAL")) {
            throw new InvalidRequestException(path + "path", "value '" + kind + "' is not LINEAR or SPHERICAL");
        }
        return validator.interpolate(text(r, "model", path), text(r, "model_version", path),
                endpoint(r.get("start"), path + "start"), endpoint(r.get("end"), path + "end"),
                integer(r, "steps", path), kind.equals("SPHERICAL"), format, Long.MAX_VALUE, path);
    }

    private static EndpointSpec endpoint(JsonNode e, String path) {
        if (e == null || e.isNull()) return null;
        fields(e, ENDPOINT, path + ".", "an endpoint");
        List<String> points = new ArrayList<>();
        for (String p : List.of("latent", "seed", "image")) if (e.hasNonNull(p)) points.add(p);
        if (points.size() > 1) throw new InvalidRequestException(path, "set one of latent, seed or image, not " + String.join(" and ", points));
        PointSpec point = null;
        if (e.hasNonNull("latent")) point = new PointSpec.Latent(floats(e.get("latent"), path + ".latent"));
        if (e.hasNonNull("seed")) point = new PointSpec.Seed(seed(e.get("seed"), path + ".seed"));
        if (e.hasNonNull("image")) point = new PointSpec.Image(image(e.get("image"), path + ".image"));
        return new EndpointSpec(condition(e.get("condition"), path + ".condition"), point);
    }

    /** Null when the request sets none: the validator says it is missing. */
    private static ConditionSpec condition(JsonNode c, String path) {
        if (c == null || c.isNull()) return null;
        if (!c.isObject()) throw new InvalidRequestException(path, "expected an object with one of " + String.join(", ", CONDITIONS));
        fields(c, Set.copyOf(CONDITIONS), path + ".", "a condition");
        List<String> set = CONDITIONS.stream().filter(c::hasNonNull).toList();
        if (set.size() > 1) throw new InvalidRequestException(path, "set one of " + String.join(", ", CONDITIONS) + ", not " + String.join(" and ", set));
        if (set.isEmpty()) return null;
        return switch (set.get(0)) {
            case "class_index" -> new ConditionSpec.ClassIndex(integer(c, "class_index", path + "."));
            case "label_name" -> new ConditionSpec.LabelName(text(c, "label_name", path + "."));
            case "vector" -> new ConditionSpec.Vector(floats(c.get("vector"), path + ".vector"));
            default -> new ConditionSpec.AttributeValues(attributes(c.get("attributes"), path + ".attributes"));
        };
    }

    private static Map<String, String> attributes(JsonNode values, String path) {
        if (!values.isObject()) throw new InvalidRequestException(path, "expected an object of attribute name to value");
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : values.properties()) {
            JsonNode v = e.getValue();
            if (!v.isTextual() && !v.isNumber()) {
                throw new InvalidRequestException(path + "[" + e.getKey() + "]", "expected a string or a number, got " + brief(v));
            }
            out.put(e.getKey(), v.asText());
        }
        return out;
    }

    private static EncodedImage image(JsonNode image, String path) {
        if (!image.isObject()) throw new InvalidRequestException(path, "expected an object with data: a base64 PNG");
        fields(image, Set.of("data"), path + ".", "an image");
        JsonNode data = image.get("data");
        if (data == null || !data.isTextual()) throw new InvalidRequestException(path + ".data", "missing; send a PNG as base64");
        try {
            return new EncodedImage(ImageFormat.PNG, Base64.getDecoder().decode(data.asText()), 0, 0, 0);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(path + ".data", "not base64 (" + e.getMessage() + ")");
        }
    }

    /** A seed: an integer, as a JSON number or a string of digits (beyond 2^53, where JavaScript numbers round). */
    private static Long seed(JsonNode seed, String path) {
        if (seed == null || seed.isNull()) return null;
        if (seed.isIntegralNumber() && seed.canConvertToLong()) return seed.longValue();
        if (seed.isTextual()) {
            try {
                return Long.parseLong(seed.asText().strip());
            } catch (NumberFormatException e) {
                // answered below
            }
        }
        throw new InvalidRequestException(path, brief(seed) + " is not a seed; expected an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
    }

    private static float[] floats(JsonNode v, String path) {
        if (v == null || !v.isArray()) throw new InvalidRequestException(path, "expected an array of numbers");
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            if (!v.get(i).isNumber()) throw new InvalidRequestException(path, "value " + brief(v.get(i)) + " at index " + i + " is not a number");
            out[i] = v.get(i).floatValue();
        }
        return out;
    }

    /** A string field; absent or null is "". */
    private static String text(JsonNode r, String field, String path) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) return "";
        if (!v.isTextual()) throw new InvalidRequestException(path + field, "expected a string, got " + brief(v));
        return v.asText();
    }

    /** An integer field; absent or null is 0 (as in protobuf). */
    /** Null when absent; the range is the validator's to check. */
    private static Float number(JsonNode r, String field, String path) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber()) throw new InvalidRequestException(path + field, "expected a number, got " + brief(v));
        return v.floatValue();
    }

    private static int integer(JsonNode r, String field, String path) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) return 0;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new InvalidRequestException(path + field, "expected an integer, got " + brief(v));
        return v.intValue();
    }

    private static void fields(JsonNode r, Set<String> known, String path, String what) {
        for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                // a name that is not a plain word (empty, spaces, quotes) is named as JSON writes it
                String field = name.matches("[A-Za-z0-9_]+") ? name : Replies.JSON.getNodeFactory().textNode(name).toString();
                throw new InvalidRequestException(path + Replies.quoted(field), "not a field of " + what + "; fields: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    /** A JSON value as quoted in a message: short, whatever a client sent. */
    private static String brief(JsonNode v) {
        String s = v.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
