package dev.cvae.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.api.v1.AttributeInfo;
import dev.cvae.api.v1.Condition;
import dev.cvae.api.v1.ModelInfo;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How --label text becomes a Condition for models with one or several attributes. */
class LabelsTest {
    private static final ModelInfo MULTI = ModelInfo.newBuilder().setName("shapes").addLabelNames("h").addLabelNames("v")
            .addAttributes(AttributeInfo.newBuilder().setName("orientation").setType("categorical").addValues("h").addValues("v"))
            .addAttributes(AttributeInfo.newBuilder().setName("thickness").setType("binary").addValues("thin").addValues("thick"))
            .addAttributes(AttributeInfo.newBuilder().setName("brightness").setType("scalar").setMin(0.3).setMax(1.0))
            .build();
    private final CommandLine cli = new CommandLine(new GenerateCommand());

    @Test
    void nameValuePairsBecomeAttributes() {
        Condition c = Labels.condition(MULTI, "orientation=v, thickness=thick,brightness=0.5", cli);
        assertEquals(Map.of("orientation", "v", "thickness", "thick", "brightness", "0.5"), c.getAttributes().getValuesMap());
    }

    @Test
    void aBareLabelOnAMultiAttributeModelSaysWhatToWrite() {
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class, () -> Labels.condition(MULTI, "x", cli));
        assertEquals("--label: model shapes has several attributes; give each as orientation=VALUE,thickness=VALUE,brightness=VALUE",
                e.getMessage());
        e = assertThrows(CommandLine.ParameterException.class, () -> Labels.condition(MULTI, "orientation=v,thick", cli));
        assertTrue(e.getMessage().startsWith("--label: 'thick' in 'orientation=v,thick' is not NAME=VALUE"), e.getMessage());
    }

    @Test
    void randomConditionsCoverEveryAttributeWithinItsValues() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < 50; i++) {
            Map<String, String> v = Labels.random(MULTI, rng).getAttributes().getValuesMap();
            assertTrue(v.get("orientation").equals("h") || v.get("orientation").equals("v"));
            assertTrue(v.get("thickness").equals("thin") || v.get("thickness").equals("thick"));
            double b = Double.parseDouble(v.get("brightness"));
            assertTrue(b >= 0.3 && b <= 1.0, "brightness " + b);
        }
    }
}
