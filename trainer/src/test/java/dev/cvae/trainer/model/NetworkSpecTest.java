package dev.cvae.trainer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cvae.trainer.data.ImageShape;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkSpecTest {
    @Test
    void cvaeNetworksFollowTheConfiguredWidths() {
        CvaeArchitecture arch = new CvaeArchitecture(new ImageShape(1, 28, 28), 10, List.of(512, 256), 16, List.of(256, 512));
        NetworkSpec enc = arch.encoder();
        assertEquals(List.of("x", "c"), enc.inputs().stream().map(TensorSpec::name).toList());
        assertEquals(794, enc.trunk().get(0).in());
        assertEquals(List.of(new TensorSpec("mu", 16), new TensorSpec("logvar", 16)), enc.outputs());
        NetworkSpec dec = arch.decoder();
        assertEquals(26, dec.trunk().get(0).in());
        assertEquals(List.of(new TensorSpec("x_hat", 784)), dec.outputs());
        assertEquals(Activation.SIGMOID, dec.heads().get(0).outputActivation());
    }

    @Test
    void mismatchedWidthsAreRejectedWithTheLayerName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new NetworkSpec("n",
                List.of(new TensorSpec("x", 4)),
                List.of(new DenseLayerSpec("h0", 5, 3, Activation.RELU)),
                List.of(new HeadSpec(new TensorSpec("y", 2), new DenseLayerSpec("out", 3, 2, Activation.IDENTITY), Activation.IDENTITY))));
        assertEquals("h0: in 5 but the previous width is 4", e.getMessage());
    }

    @Test
    void nonPositiveLatentSizeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CvaeArchitecture(new ImageShape(1, 2, 2), 2, List.of(), 0, List.of()));
        assertEquals("latentDim must be >= 1, got 0", e.getMessage());
    }
}
