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
        assertEquals(794, enc.trunk().get(0).inSize());
        assertEquals(List.of(new TensorSpec("mu", 16), new TensorSpec("logvar", 16)), enc.outputs());
        NetworkSpec dec = arch.decoder();
        assertEquals(26, dec.trunk().get(0).inSize());
        assertEquals(List.of(new TensorSpec("x_hat", 784)), dec.outputs());
        assertEquals(Activation.SIGMOID, dec.heads().get(0).outputActivation());
    }

    @Test
    void mismatchedWidthsAreRejectedWithTheLayerName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NetworkSpec.of("n",
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

    @Test
    void convNetworksHalveTheImageOncePerConvLayerAndDoubleItBack() {
        CvaeArchitecture arch = new CvaeArchitecture(CvaeArchitecture.Kind.CONV, new ImageShape(3, 32, 32), 4, 0,
                List.of(8, 16, 32), List.of(64), 6, List.of(64));
        NetworkSpec enc = arch.encoder();
        List<Layer> stem = enc.inputSpecs().get(0).stem();
        ConvLayerSpec lastConv = (ConvLayerSpec) stem.get(stem.size() - 2);
        assertEquals(new FeatureMap(32, 4, 4), lastConv.output());
        assertEquals(32 * 4 * 4 + 4, enc.trunk().get(0).inSize());
        NetworkSpec dec = arch.decoder();
        List<Layer> head = dec.heads().get(0).layers();
        ConvLayerSpec out = (ConvLayerSpec) head.get(head.size() - 2);
        assertEquals(new FeatureMap(3, 32, 32), out.output());
        assertEquals(List.of(new TensorSpec("x_hat", 3 * 32 * 32)), dec.outputs());
    }

    @Test
    void convLayersThatDoNotTileTheImageAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CvaeArchitecture(
                CvaeArchitecture.Kind.CONV, new ImageShape(1, 28, 28), 10, 0, List.of(8, 16, 32), List.of(), 2, List.of()));
        assertEquals("3 stride-2 conv layers need image sides divisible by 8, got 28x28", e.getMessage());
    }

    @Test
    void aLabelEmbeddingIsABiasFreeLinearStemOnC() {
        CvaeArchitecture arch = new CvaeArchitecture(CvaeArchitecture.Kind.MLP, new ImageShape(1, 4, 4), 10, 3,
                List.of(), List.of(8), 2, List.of(8));
        Layer embed = arch.decoder().inputSpecs().get(1).stem().get(0);
        assertEquals(List.of("dec_embed_W"), embed.params().stream().map(ParamSpec::name).toList());
        assertEquals(2 + 3, arch.decoder().trunk().get(0).inSize());
    }
}
