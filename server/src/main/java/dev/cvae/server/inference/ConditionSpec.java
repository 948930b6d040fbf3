package dev.cvae.server.inference;

import dev.cvae.server.model.ModelDescriptor;
import java.util.Arrays;

/** What a request conditions on, before it is checked against a model. */
public sealed interface ConditionSpec {

    record ClassIndex(int index) implements ConditionSpec {
    }

    record LabelName(String name) implements ConditionSpec {
    }

    record Vector(float[] values) implements ConditionSpec {
    }

    /**
     * The model's conditioning vector for this condition.
     *
     * @param field the request field, for error messages
     */
    default float[] resolve(ModelDescriptor model, String field) {
        int k = model.conditioning().size();
        if (this instanceof ClassIndex ci) {
            if (ci.index() < 0 || ci.index() >= k) {
                throw new InvalidRequestException(field + ".class_index", ci.index() + " is outside 0.." + (k - 1)
                        + " (model " + model.name() + " has " + k + " classes)");
            }
            return oneHot(ci.index(), k);
        }
        if (this instanceof LabelName ln) {
            int index = model.labelNames().indexOf(ln.name());
            if (index < 0) {
                throw new InvalidRequestException(field + ".label_name", "'" + ln.name() + "' is not a label of model "
                        + model.name() + "; labels: " + String.join(", ", model.labelNames()));
            }
            return oneHot(index, k);
        }
        float[] v = ((Vector) this).values();
        if (v.length != k) {
            throw new InvalidRequestException(field + ".vector", v.length + " values, expected " + k
                    + " (the conditioning size of model " + model.name() + ")");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) throw new InvalidRequestException(field + ".vector", "value " + v[i] + " at index " + i + " is not finite");
        }
        return Arrays.copyOf(v, k);
    }

    private static float[] oneHot(int index, int k) {
        float[] c = new float[k];
        c[index] = 1f;
        return c;
    }
}
