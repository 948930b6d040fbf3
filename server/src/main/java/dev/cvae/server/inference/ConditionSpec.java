package dev.cvae.server.inference;

import dev.cvae.server.model.ModelDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** What a request conditions on, before it is checked against a model. */
public sealed interface ConditionSpec {

    /** A value of the model's only class attribute, by index. */
    record ClassIndex(int index) implements ConditionSpec {
    }

    /** A value of the model's only attribute, by name (or the number of a scalar one). */
    record LabelName(String name) implements ConditionSpec {
    }

    /** Values of every attribute, by attribute name. */
    record AttributeValues(Map<String, String> values) implements ConditionSpec {
        public AttributeValues {
            values = Map.copyOf(values);
        }
    }

    record Vector(float[] values) implements ConditionSpec {
    }

    /**
     * The model's conditioning vector for this condition, built as model.json describes: one-hot slots for
     * categorical attributes, one 0/1 slot for binary ones, the number for scalar ones, concatenated in order.
     *
     * @param field the request field, for error messages
     */
    default float[] resolve(ModelDescriptor model, String field) {
        List<ModelDescriptor.Attribute> attributes = model.attributes();
        int k = model.conditioning().size();
        if (this instanceof Vector vec) return checkedVector(vec.values(), model, field + ".vector");
        if (this instanceof AttributeValues av) return fromAttributes(av.values(), model, field + ".attributes");
        if (attributes.size() != 1) {
            throw new InvalidRequestException(field, "model " + model.name() + " has " + attributes.size() + " attributes ("
                    + names(attributes) + "); set attributes with a value for each");
        }
        ModelDescriptor.Attribute only = attributes.get(0);
        float[] c = new float[k];
        if (this instanceof ClassIndex ci) {
            int classes = only.isClass() ? only.values().size() : 0;
            if (ci.index() < 0 || ci.index() >= classes) {
                throw new InvalidRequestException(field + ".class_index", ci.index() + " is outside 0.." + (classes - 1)
                        + " (model " + model.name() + " has " + classes + " classes)");
            }
            encode(only, ci.index(), c, 0);
            return c;
        }
        String name = ((LabelName) this).name();
        if (only.isClass() && !only.values().contains(name)) {
            throw new InvalidRequestException(field + ".label_name", "'" + name + "' is not a label of model " + model.name()
                    + "; labels: " + String.join(", ", only.values()));
        }
        encode(only, valueOf(only, name, model, field + ".label_name"), c, 0);
        return c;
    }

    private static float[] fromAttributes(Map<String, String> values, ModelDescriptor model, String field) {
        List<ModelDescriptor.Attribute> attributes = model.attributes();
        List<String> known = attributes.stream().map(ModelDescriptor.Attribute::name).toList();
        for (String name : new TreeSet<>(values.keySet())) {
            if (!known.contains(name)) {
                throw new InvalidRequestException(field, "'" + name + "' is not an attribute of model " + model.name()
                        + "; attributes: " + names(attributes));
            }
        }
        List<String> missing = new ArrayList<>(known);
        missing.removeAll(values.keySet());
        if (!missing.isEmpty()) {
            throw new InvalidRequestException(field, "no value for " + String.join(", ", missing) + " (model " + model.name()
                    + " needs one for each of: " + names(attributes) + ")");
        }
        float[] c = new float[model.conditioning().size()];
        int offset = 0;
        for (ModelDescriptor.Attribute a : attributes) {
            encode(a, valueOf(a, values.get(a.name()), model, field + "[" + a.name() + "]"), c, offset);
            offset += a.width();
        }
        return c;
    }

    /** The value index of a class attribute, or the number of a scalar one. */
    private static double valueOf(ModelDescriptor.Attribute a, String text, ModelDescriptor model, String field) {
        if (a.isClass()) {
            int index = a.values().indexOf(text);
            if (index < 0) {
                throw new InvalidRequestException(field, "'" + text + "' is not a value of " + a.name() + " in model " + model.name()
                        + "; values: " + String.join(", ", a.values()));
            }
            return index;
        }
        double v;
        try {
            v = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v)) {
            throw new InvalidRequestException(field, "'" + text + "' is not a number; " + a.name() + " of model " + model.name()
                    + " is scalar (trained on " + a.min() + ".." + a.max() + ")");
        }
        return v;
    }

    private static void encode(ModelDescriptor.Attribute a, double value, float[] c, int offset) {
        if (ModelDescriptor.Attribute.CATEGORICAL.equals(a.type())) {
            c[offset + (int) value] = 1f;
        } else {
            c[offset] = (float) value;
        }
    }

    private static float[] checkedVector(float[] v, ModelDescriptor model, String field) {
        int k = model.conditioning().size();
        if (v.length != k) {
            throw new InvalidRequestException(field, v.length + " values, expected " + k
                    + " (the conditioning size of model " + model.name() + ")");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) throw new InvalidRequestException(field, "value " + v[i] + " at index " + i + " is not finite");
        }
        return Arrays.copyOf(v, k);
    }

    private static String names(List<ModelDescriptor.Attribute> attributes) {
        return String.join(", ", attributes.stream().map(ModelDescriptor.Attribute::name).toList());
    }
}
