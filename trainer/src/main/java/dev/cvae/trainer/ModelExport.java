package dev.cvae.trainer;

import dev.cvae.trainer.classify.LabelClassifiers;
import dev.cvae.trainer.data.ImageShape;
import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.export.ModelDirectoryWriter;
import dev.cvae.trainer.export.ModelManifest;
import dev.cvae.trainer.export.OnnxExporter;
import dev.cvae.trainer.export.OnnxFiles;
import dev.cvae.trainer.export.Sha256;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.LossSpec;
import dev.cvae.trainer.model.NetworkSpec;
import dev.cvae.trainer.model.TensorSpec;
import dev.cvae.trainer.report.TrainingReport;
import dev.cvae.trainer.train.EpochMetrics;
import dev.cvae.trainer.train.Seeds;
import dev.cvae.trainer.train.TrainingOptions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes the model directory of a finished run: encoder and decoder exported to ONNX, {@code model.json}
 * describing them and how they were made, and the training report, all in one atomic
 * {@link ModelDirectoryWriter#write}. model.json is put together section by section, each from the part of
 * the run it describes.
 */
public final class ModelExport {
    private ModelExport() {
    }

    /** Writes {@code model} to {@code spec.target().modelDir()}; {@code test} is what the report plots. */
    public static ModelManifest write(TrainingSpec spec, TrainedModel model, LabelledImages test) {
        CvaeArchitecture arch = model.architecture();
        Map<String, String> meta = Map.of("cvae.model", spec.target().name(), "cvae.version", spec.target().version());
        OnnxFiles onnx = new OnnxFiles(OnnxExporter.export(arch.encoder(), model.result().graph().encoderWeights(), meta),
                OnnxExporter.export(arch.decoder(), model.result().graph().decoderWeights(), meta));
        ModelManifest manifest = manifest(spec, model, onnx);
        Map<String, byte[]> files = onnx.files();
        files.put(ModelManifest.FILE_NAME, manifest.toJson());
        files.putAll(TrainingReport.files(manifest, onnx, model.conditioning(), test, new Seeds(model.options().seed()).report()));
        ModelDirectoryWriter.write(spec.target().modelDir(), files);
        return manifest;
    }

    static ModelManifest manifest(TrainingSpec spec, TrainedModel model, OnnxFiles onnx) {
        CvaeArchitecture arch = model.architecture();
        ImageShape image = arch.imageShape();
        return new ModelManifest(ModelManifest.FORMAT_VERSION, spec.target().name(), spec.target().version(),
                new ModelManifest.Image(image.channels(), image.height(), image.width()),
                model.conditioning().labelNames(),
                ModelManifest.Conditioning.of(model.conditioning()),
                arch.latentDim(),
                architecture(arch, model.options().loss()),
                networks(arch, onnx),
                new ModelManifest.Dataset(spec.data().name(), spec.data().path().toString(), model.trainImages(), model.testImages()),
                training(spec, model),
                model.result().history().stream().map(ModelExport::epochRecord).toList(),
                evaluation(model),
                Instant.now().toString());
    }

    private static ModelManifest.Architecture architecture(CvaeArchitecture arch, LossSpec loss) {
        boolean conv = arch.kind() == CvaeArchitecture.Kind.CONV;
        return new ModelManifest.Architecture(arch.kind().id(), arch.encoderHidden(), arch.decoderHidden(), "relu",
                loss.reconstruction().id(), conv ? arch.convChannels() : null, conv ? CvaeArchitecture.KERNEL : null,
                arch.conditionEmbedding() > 0 ? arch.conditionEmbedding() : null);
    }

    private static Map<String, ModelManifest.NetworkFile> networks(CvaeArchitecture arch, OnnxFiles onnx) {
        Map<String, ModelManifest.NetworkFile> networks = new LinkedHashMap<>();
        networks.put("encoder", networkFile(OnnxFiles.ENCODER_FILE, onnx.encoder(), arch.encoder()));
        networks.put("decoder", networkFile(OnnxFiles.DECODER_FILE, onnx.decoder(), arch.decoder()));
        return networks;
    }

    private static ModelManifest.NetworkFile networkFile(String file, byte[] content, NetworkSpec network) {
        return new ModelManifest.NetworkFile(file, Sha256.hex(content), tensors(network.inputs()), tensors(network.outputs()));
    }

    /** Float rows with a dynamic batch dimension (-1). */
    private static List<ModelManifest.Tensor> tensors(List<TensorSpec> specs) {
        return specs.stream().map(t -> new ModelManifest.Tensor(t.name(), "float32", List.of(-1, t.size()))).toList();
    }

    private static ModelManifest.Training training(TrainingSpec spec, TrainedModel model) {
        TrainingOptions opt = model.options();
        LossSpec loss = opt.loss();
        boolean gaussian = loss.reconstruction() == LossSpec.Reconstruction.GAUSSIAN;
        return new ModelManifest.Training(spec.commandLine(), opt.seed(), opt.epochs(), opt.batchSize(), opt.learningRate(),
                opt.lrSchedule().id(), loss.reconstruction().id(), gaussian ? loss.gaussianSigma() : null, loss.klWeight(),
                loss.klWarmupEpochs(), loss.freeBits(), loss.auxWeight(),
                loss.auxWeight() > 0 ? "mlp-" + spec.classifiers().auxHidden()
                        + (spec.classifiers().auxAugmentation().changesNothing() ? "" : "-distorted") : null, opt.patience(),
                Nd4j.getBackend().getClass().getSimpleName(), round(model.seconds()));
    }

    private static ModelManifest.Evaluation evaluation(TrainedModel model) {
        LabelClassifiers.Verdict verdict = model.verdict();
        ModelManifest.LabelObedience obeyed = null;
        if (verdict != null) {
            List<String> labelNames = model.conditioning().labelNames();
            Map<String, Double> perLabel = new LinkedHashMap<>();
            for (int i = 0; i < labelNames.size(); i++) perLabel.put(labelNames.get(i), verdict.obedience().perLabel()[i]);
            obeyed = new ModelManifest.LabelObedience(verdict.judge(), verdict.judgeTestAccuracy(),
                    verdict.obedience().samplesPerLabel(), verdict.obedience().overall(), perLabel);
        }
        return new ModelManifest.Evaluation(round(model.result().exported().testNegElbo()), model.result().bestEpoch(), obeyed);
    }

    private static ModelManifest.EpochRecord epochRecord(EpochMetrics m) {
        return new ModelManifest.EpochRecord(m.epoch(), round(m.trainRec()), round(m.trainKl()), round(m.testRec()),
                round(m.testKl()), round(m.testNegElbo()), round(m.seconds()));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
