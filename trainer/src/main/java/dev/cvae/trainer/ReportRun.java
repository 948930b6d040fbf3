package dev.cvae.trainer;

import dev.cvae.trainer.data.Attribute;
import dev.cvae.trainer.data.Conditioning;
import dev.cvae.trainer.data.DataSource;
import dev.cvae.trainer.data.FolderOptions;
import dev.cvae.trainer.data.ImageFolderDataset;
import dev.cvae.trainer.data.ImageShape;
import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.data.TrainingData;
import dev.cvae.trainer.export.ModelDirectoryWriter;
import dev.cvae.trainer.export.ModelManifest;
import dev.cvae.trainer.export.OnnxFiles;
import dev.cvae.trainer.report.TrainingReport;
import dev.cvae.trainer.train.Seeds;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report use case: (re)writes {@code report/} of a model directory from its ONNX files and model.json,
 * with the seed model.json records, so that the same model always gets the same sample grids. The model's own
 * files are written back unchanged, except that what {@link ModelEvaluation} measures when asked (the
 * importance-weighted bound, obedience by independent judges) is recorded in model.json's {@code evaluation}.
 * Only a model with a 2-dimensional latent needs its data: its report plots the held-out images' posterior means.
 */
public final class ReportRun {
    /** The seed of a model.json without a training section; the trainer's default. */
    static final long DEFAULT_SEED = 42;

    /**
     * The data a model was trained on, read again for its held-out images; image shape, label names and
     * attribute types come from model.json.
     *
     * @param validationFraction the share held out when the data has no test split, as in training
     */
    public record HeldOutData(Path path, ImageFolderDataset.BadImages badImages, double validationFraction) {
    }

    private final PrintStream log;

    public ReportRun(PrintStream log) {
        this.log = log;
    }

    /** {@link #write(Path, HeldOutData, ModelEvaluation.Options)} without measuring anything new. */
    public Path write(Path modelDir, HeldOutData heldOut) {
        return write(modelDir, heldOut, null);
    }

    /**
     * @param heldOut    the model's data, or null: then a model with a 2-dimensional latent is refused
     * @param evaluation what to measure and record in model.json before drawing, or null: the report shows what
     *                   model.json already records
     * @return the report directory
     * @throws IllegalArgumentException when {@code modelDir} is no model directory, the data conditions otherwise
     *                                  than the model, or a 2-dimensional latent comes without data
     */
    public Path write(Path modelDir, HeldOutData heldOut, ModelEvaluation.Options evaluation) {
        Map<String, byte[]> files = ModelDirectoryWriter.readAll(modelDir);
        files.keySet().removeIf(name -> name.startsWith(TrainingReport.DIR + "/"));
        OnnxFiles onnx = OnnxFiles.from(files, modelDir);
        ModelManifest manifest = ModelManifest.fromJson(files.get(ModelManifest.FILE_NAME));
        List<String> labelNames = manifest.labelNames() == null ? List.of() : manifest.labelNames();
        Seeds seeds = new Seeds(manifest.training() != null ? manifest.training().seed() : DEFAULT_SEED);

        Conditioning conditioning = manifest.conditioning().toConditioning(labelNames);
        LabelledImages test = null;
        if (heldOut != null) {
            TrainingData data = TrainingData.load(source(manifest, labelNames, heldOut), seeds.dataSplit(), log);
            requireSameConditioning(manifest, data.conditioning(), modelDir);
            conditioning = data.conditioning();
            test = data.test();
        } else if (manifest.latentDim() == 2) {
            throw new IllegalArgumentException("model " + modelDir + " has a 2-dimensional latent: its report plots the held-out "
                    + "images' posterior means; give --data, the data it was trained on");
        }
        if (evaluation != null) {
            ModelEvaluation.Result measured = new ModelEvaluation(log).measure(modelDir, test,
                    heldOut == null ? null : heldOut.path() + " (held-out split)", evaluation);
            files.put(ModelManifest.FILE_NAME, ModelManifest.withEvaluation(files.get(ModelManifest.FILE_NAME), measured.bound(),
                    measured.obedience()));
            manifest = ModelManifest.fromJson(files.get(ModelManifest.FILE_NAME));
        }
        files.putAll(TrainingReport.files(manifest, onnx, conditioning, test, seeds.report()));
        ModelDirectoryWriter.write(modelDir, files);
        log.printf("wrote %s/%s/index.html%n", modelDir, TrainingReport.DIR);
        return modelDir.resolve(TrainingReport.DIR);
    }

    /** The data read the way the model was trained: its image shape, label names and attribute types. */
    private static DataSource source(ModelManifest manifest, List<String> labelNames, HeldOutData heldOut) {
        ModelManifest.Image image = manifest.image();
        Map<String, Attribute.Type> types = new LinkedHashMap<>();
        if (manifest.conditioning().attributes() != null) {
            for (ModelManifest.AttributeInfo a : manifest.conditioning().attributes()) {
                Attribute.Type type = Attribute.Type.fromId(a.type());
                if (type != Attribute.Type.CATEGORICAL) types.put(a.name(), type);
            }
        }
        FolderOptions folder = new FolderOptions(new ImageShape(image.channels(), image.height(), image.width()),
                heldOut.badImages(), heldOut.validationFraction());
        return new DataSource(heldOut.path(), manifest.dataset().name(), labelNames, folder, types, Integer.MAX_VALUE);
    }

    private static void requireSameConditioning(ModelManifest manifest, Conditioning data, Path modelDir) {
        ModelManifest.Conditioning theirs = ModelManifest.Conditioning.of(data);
        ModelManifest.Conditioning ours = manifest.conditioning();
        boolean sameLabels = manifest.labelNames() == null || manifest.labelNames().equals(data.labelNames());
        if (!theirs.kind().equals(ours.kind()) || theirs.size() != ours.size() || !sameLabels
                || (ours.attributes() != null && !ours.attributes().equals(theirs.attributes()))) {
            throw new IllegalArgumentException("the data conditions as " + theirs + " but model " + modelDir + " as " + ours
                    + " (labels " + manifest.labelNames() + ")");
        }
    }
}
