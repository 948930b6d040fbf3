package dev.cvae.trainer.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvae.trainer.data.ImageBatch;
import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.export.OnnxExporter;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.CvaeGraph;
import dev.cvae.trainer.model.LossSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small CVAE trained for a few steps on test data and written as a model directory the way the server reads
 * one: encoder.onnx, decoder.onnx and a model.json with the fields an evaluation reads. The graph stays available,
 * so that tests can compare ONNX Runtime's numbers with DL4J's.
 */
record TinyModel(Path directory, CvaeGraph graph) {
    static final int LATENT = 2;

    static TinyModel train(Path directory, LabelledImages data, List<String> labels, int steps) throws IOException {
        CvaeArchitecture arch = new CvaeArchitecture(data.shape(), data.classCount(), List.of(32), LATENT, List.of(32));
        CvaeGraph graph = CvaeGraph.build(arch, 3e-3, LossSpec.bernoulli(0), null, 7);
        Random rng = new Random(3);
        for (int step = 0; step < steps; step++) {
            int[] order = ImageBatch.shuffledOrder(data.size(), rng);
            ImageBatch batch = ImageBatch.of(data, order, 0, Math.min(64, data.size()));
            int n = batch.labels().length;
            graph.fit(new MultiDataSet(new INDArray[] {batch.pixels(), batch.conditions(),
                ImageBatch.gaussian(rng, n, LATENT), ImageBatch.gaussian(rng, n, LATENT), batch.conditions(), Nd4j.scalar(1f)},
                    new INDArray[0]));
        }
        Files.createDirectories(directory);
        Files.write(directory.resolve("encoder.onnx"), OnnxExporter.export(arch.encoder(), graph.encoderWeights(), Map.of()));
        Files.write(directory.resolve("decoder.onnx"), OnnxExporter.export(arch.decoder(), graph.decoderWeights(), Map.of()));
        writeManifest(directory, data, labels, "one-hot", 1);
        return new TinyModel(directory, graph);
    }

    /** model.json with the given conditioning kind and attribute count (size: the label count). */
    static void writeManifest(Path directory, LabelledImages data, List<String> labels, String kind, int attributes)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("formatVersion", 1).put("name", "tiny").put("version", "1").put("latentDim", LATENT);
        root.putObject("image").put("channels", data.shape().channels()).put("height", data.shape().height())
                .put("width", data.shape().width());
        labels.forEach(root.putArray("labelNames")::add);
        ObjectNode conditioning = root.putObject("conditioning").put("kind", kind).put("size", labels.size());
        for (int i = 0; i < attributes; i++) conditioning.withArray("attributes").addObject().put("name", "a" + i);
        root.putObject("architecture").put("outputDistribution", "bernoulli");
        ObjectNode networks = root.putObject("networks");
        networks.putObject("encoder").put("file", "encoder.onnx");
        networks.putObject("decoder").put("file", "decoder.onnx");
        Files.write(directory.resolve(ExportedModel.FILE_NAME), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
