package dev.cvae.server.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvae.server.model.ModelDescriptor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conditioning vectors built from names, as model.json describes them, and the errors for bad names. */
class ConditionSpecTest {
    private static final ModelDescriptor MULTI = model("multi-attribute", 5, List.of("0", "1", "2"), List.of(
            new ModelDescriptor.Attribute("digit", "categorical", List.of("0", "1", "2"), null, null),
            new ModelDescriptor.Attribute("thickness", "binary", List.of("thin", "thick"), null, null),
            new ModelDescriptor.Attribute("slant", "scalar", null, -1.0, 1.0)));
    private static final ModelDescriptor LEGACY = model("one-hot", 3, List.of("a", "b", "c"), null);

    @Test
    void attributesFillTheirSlotsInModelOrder() {
        float[] c = new ConditionSpec.AttributeValues(Map.of("slant", "-0.25", "digit", "1", "thickness", "thick"))
                .resolve(MULTI, "condition");
        assertArrayEquals(new float[] {0, 1, 0, 1, -0.25f}, c);
    }

    @Test
    void badAttributeRequestsNameTheFieldAndWhatWasExpected() {
        assertEquals("condition.attributes: 'colour' is not an attribute of model m; attributes: digit, thickness, slant",
                message(new ConditionSpec.AttributeValues(Map.of("colour", "red", "digit", "1", "thickness", "thin", "slant", "0"))));
        assertEquals("condition.attributes: no value for thickness, slant (model m needs one for each of: digit, thickness, slant)",
                message(new ConditionSpec.AttributeValues(Map.of("digit", "1"))));
        assertEquals("condition.attributes[thickness]: 'medium' is not a value of thickness in model m; values: thin, thick",
                message(new ConditionSpec.AttributeValues(Map.of("digit", "1", "thickness", "medium", "slant", "0"))));
        assertEquals("condition.attributes[slant]: 'steep' is not a number; slant of model m is scalar (trained on -1.0..1.0)",
                message(new ConditionSpec.AttributeValues(Map.of("digit", "1", "thickness", "thin", "slant", "steep"))));
        assertEquals("condition: model m has 3 attributes (digit, thickness, slant); set attributes with a value for each",
                message(new ConditionSpec.LabelName("1")));
    }

    @Test
    void modelsWithoutAttributesHaveOneCategoricalLabel() {
        assertArrayEquals(new float[] {0, 0, 1}, new ConditionSpec.LabelName("c").resolve(LEGACY, "condition"));
        assertArrayEquals(new float[] {0, 1, 0}, new ConditionSpec.AttributeValues(Map.of("label", "b")).resolve(LEGACY, "condition"));
    }

    @Test
    void aBinaryOrScalarModelTakesItsValueAsLabelName() {
        ModelDescriptor binary = model("binary", 1, List.of("absent", "present"),
                List.of(new ModelDescriptor.Attribute("pathology", "binary", List.of("absent", "present"), null, null)));
        assertArrayEquals(new float[] {1}, new ConditionSpec.LabelName("present").resolve(binary, "condition"));
        assertArrayEquals(new float[] {0}, new ConditionSpec.ClassIndex(0).resolve(binary, "condition"));
        ModelDescriptor scalar = model("scalar", 1, List.of(), List.of(new ModelDescriptor.Attribute("age", "scalar", null, 0.0, 90.0)));
        assertArrayEquals(new float[] {42.5f}, new ConditionSpec.LabelName("42.5").resolve(scalar, "condition"));
        assertEquals("condition.class_index: 0 is outside 0..-1 (model m has 0 classes)",
                assertThrows(InvalidRequestException.class, () -> new ConditionSpec.ClassIndex(0).resolve(scalar, "condition")).getMessage());
    }

    private static String message(ConditionSpec spec) {
        return assertThrows(InvalidRequestException.class, () -> spec.resolve(MULTI, "condition")).getMessage();
    }

    private static ModelDescriptor model(String kind, int size, List<String> labels, List<ModelDescriptor.Attribute> attributes) {
        return new ModelDescriptor(1, "m", "1", new ModelDescriptor.Image(1, 2, 2), labels,
                new ModelDescriptor.Conditioning(kind, size, attributes), 2, Map.of());
    }
}
