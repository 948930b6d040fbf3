package dev.cvae.trainer;

import dev.cvae.trainer.classify.ImageClassifier;
import dev.cvae.trainer.classify.LabelObedience;
import dev.cvae.trainer.data.Attribute;
import dev.cvae.trainer.data.Conditioning;
import dev.cvae.trainer.data.ImageFolderDataset;
import dev.cvae.trainer.data.ImageShape;
import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.data.TrainingData;
import dev.cvae.trainer.export.ModelDirectoryWriter;
import dev.cvae.trainer.export.ModelManifest;
import dev.cvae.trainer.export.OnnxExporter;
import dev.cvae.trainer.export.Sha256;
import dev.cvae.trainer.model.ArchitectureOptions;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.FrozenNetwork;
import dev.cvae.trainer.model.LossSpec;
import dev.cvae.trainer.model.NetworkSpec;
import dev.cvae.trainer.model.TensorSpec;
import dev.cvae.trainer.report.ExportedNetworks;
import dev.cvae.trainer.report.TrainingReport;
import dev.cvae.trainer.train.Checkpoint;
import dev.cvae.trainer.train.CvaeTrainer;
import dev.cvae.trainer.train.EpochObserver;
import dev.cvae.trainer.train.RunControl;
import dev.cvae.trainer.train.EpochMetrics;
import dev.cvae.trainer.train.ProgressBar;
import dev.cvae.trainer.train.TrainingOptions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training run from data directory to model directory: load and check the data, fit the judge classifier
 * (and the auxiliary one when the label loss is on), fit the CVAE, measure how well samples obey their label,
 * export encoder and decoder to ONNX and write the model directory atomically.
 */
public final class TrainingRun {

    /**
     * How image-folder data becomes model input: the image shape to resize to (and its channels), what to do with
     * unreadable images, and the share held out for validation when there is no test folder.
     */
    public record FolderOptions(ImageShape shape, ImageFolderDataset.BadImages badImages, double validationFraction) {
    }

    /**
     * What to train and where to put it. {@code labelNames} name the classes of IDX data; image-folder data
     * names them by its sub-folders and a CSV manifest by its values ({@code folder} says how to read images).
     * {@code attributeTypes} makes attributes binary or scalar (IDX and folder data have one, "label").
     */
    public record Spec(Path dataDir, String datasetName, List<String> labelNames, Path outDir, String modelName,
                       String modelVersion, ArchitectureOptions architecture, TrainingOptions options, int classifierEpochs, int auxClassifierHidden, int samplesPerLabel,
                       int trainLimit, String commandLine, FolderOptions folder, boolean resume,
                       Map<String, Attribute.Type> attributeTypes) {
        public Spec {
            labelNames = List.copyOf(labelNames);
            attributeTypes = attributeTypes == null ? Map.of() : Map.copyOf(attributeTypes);
            if (labelNames.isEmpty()) throw new IllegalArgumentException("labelNames must not be empty");
            if (classifierEpochs < 1) throw new IllegalArgumentException("classifierEpochs must be >= 1, got " + classifierEpochs);
            if (samplesPerLabel < 1) throw new IllegalArgumentException("samplesPerLabel must be >= 1, got " + samplesPerLabel);
            if (trainLimit < 1) throw new IllegalArgumentException("trainLimit must be >= 1, got " + trainLimit);
        }

        public Path modelDir() {
            return outDir.resolve(modelName);
        }

        /** Hidden beside the model directory, so a server never mistakes it for a model. */
        public Path checkpointDir() {
            return outDir.resolve("." + modelName + ".checkpoint");
        }
    }

    /** The written model's manifest and where it is. */
    public record Outcome(Path modelDir, ModelManifest manifest) {
    }

    private final PrintStream log;
    private final EpochObserver observer;

    public TrainingRun(PrintStream log) {
        this(log, EpochObserver.NONE);
    }

    /** @param observer told after each epoch, once its checkpoint is written */
    public TrainingRun(PrintStream log, EpochObserver observer) {
        this.log = log;
        this.observer = observer;
    }

    public Outcome run(Spec spec) {
        long start = System.nanoTime();
        TrainingData data = loadData(spec);
        LabelledImages train = data.train().head(spec.trainLimit());
        LabelledImages test = data.test();
        Conditioning conditioning = data.conditioning();
        log.printf("data: %s, %d train / %d test images of %s, conditioning %s (%d values): %s%n", spec.dataDir(), train.size(),
                test.size(), train.shape(), conditioning.kind(), conditioning.size(), TrainingData.describe(conditioning));

        // checked before any classifier is fitted: a conv stack that does not tile the images fails here
        CvaeArchitecture arch = spec.architecture().forData(train.shape(), conditioning.size());
        TrainingOptions opt = spec.options();
        int classCount = conditioning.classCount();
        boolean labelled = classCount >= 2;
        if (!labelled) {
            log.println("no categorical or binary attribute: no auxiliary label loss and no label-obedience check");
            opt = opt.withLoss(opt.loss().withAuxWeight(0));
        }

        // everything that decides the result: a checkpoint made with anything else cannot be resumed
        String fingerprint = String.join("|", arch.toString(), opt.toString(), spec.dataDir().toAbsolutePath().normalize().toString(),
                Integer.toString(train.size()), Integer.toString(test.size()), conditioning.toString(), String.valueOf(spec.folder()));
        RunControl control = new RunControl(spec.checkpointDir(), spec.resume(), fingerprint, observer);
        // a resumed run's checkpointed graph carries its frozen auxiliary classifier already
        FrozenNetwork aux = opt.loss().auxWeight() > 0 && !spec.resume() ? fitAuxiliary(spec, train, test, classCount) : null;
        CvaeTrainer.Result result = new CvaeTrainer(log).train(train, test, arch, conditioning, opt, aux, control);

        // the judge scores only the finished model: fitted last, so that a resume (or a refused one) does not wait for it
        Judge judge = labelled ? fitJudge(spec, train, test, classCount) : null;
        LabelObedience obedience = judge == null ? null
                : measureObedience(result, judge.classifier(), conditioning, arch, spec.samplesPerLabel(), opt.seed() + 3);

        Map<String, String> meta = Map.of("cvae.model", spec.modelName(), "cvae.version", spec.modelVersion());
        byte[] encoder = OnnxExporter.export(arch.encoder(), result.graph().encoderWeights(), meta);
        byte[] decoder = OnnxExporter.export(arch.decoder(), result.graph().decoderWeights(), meta);
        // a resumed run took its earlier processes' epochs as well
        double seconds = (System.nanoTime() - start) / 1e9 + result.earlierSeconds();
        ModelManifest manifest = manifest(spec, opt, conditioning, test, train, arch, result, obedience, judge == null ? Double.NaN : judge.testAccuracy(), encoder,
                decoder, seconds);

        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ENCODER_FILE, encoder);
        files.put(DECODER_FILE, decoder);
        files.put(ModelManifest.FILE_NAME, manifest.toJson());
        files.putAll(report(manifest, encoder, decoder, conditioning, test, opt.seed()));
        ModelDirectoryWriter.write(spec.modelDir(), files);
        Checkpoint.delete(spec.checkpointDir());
        log.printf("wrote %s (test -ELBO %.2f%s) in %.0f s%n", spec.modelDir(), result.exported().testNegElbo(),
                obedience == null ? "" : String.format(", label obedience %.4f", obedience.overall()), seconds);
        return new Outcome(spec.modelDir(), manifest);
    }

    /** The judge of label obedience and its accuracy on the held-out images. */
    private record Judge(ImageClassifier classifier, double testAccuracy) {
    }

    /** Fits the LeNet-style judge on the primary attribute's classes. */
    private Judge fitJudge(Spec spec, LabelledImages train, LabelledImages test, int classCount) {
        long seed = spec.options().seed() + 1;
        ImageClassifier judge = ImageClassifier.lenet(train.shape(), classCount, seed);
        return new Judge(judge, fitClassifier("judge", "LeNet", judge, spec, train, test, seed));
    }

    /** Fits the auxiliary MLP whose frozen copy asks decoded prior samples to show their label. */
    private FrozenNetwork fitAuxiliary(Spec spec, LabelledImages train, LabelledImages test, int classCount) {
        long seed = spec.options().seed() + 2;
        ImageClassifier aux = ImageClassifier.mlp(train.shape(), classCount, spec.auxClassifierHidden(), seed);
        fitClassifier("auxiliary", "MLP", aux, spec, train, test, seed);
        return aux.frozen();
    }

    /** How often decoded prior samples show their label, logged overall, at the worst label, and per label. */
    private LabelObedience measureObedience(CvaeTrainer.Result result, ImageClassifier judge, Conditioning conditioning,
                                            CvaeArchitecture arch, int samplesPerLabel, long seed) {
        List<String> labelNames = conditioning.labelNames();
        LabelObedience obedience = LabelObedience.measure(result.graph()::decode, judge, conditioning, arch.latentDim(),
                samplesPerLabel, seed);
        log.printf("label obedience: %.4f of samples show the requested label (worst: %s at %.4f)%n",
                obedience.overall(), labelNames.get(obedience.worstLabel()), obedience.perLabel()[obedience.worstLabel()]);
        StringBuilder perLabel = new StringBuilder("  per label:");
        for (int i = 0; i < labelNames.size(); i++) {
            perLabel.append(String.format(" %s=%.3f", labelNames.get(i), obedience.perLabel()[i]));
        }
        log.println(perLabel);
        return obedience;
    }

    /**
     * Writes (or rewrites) the {@code report/} of the model already in {@code spec.modelDir()}, from its exported
     * files, its model.json and the held-out split of {@code spec}'s data; the model's other files are kept as
     * they are. The data must condition the way the model does.
     */
    public Path writeReport(Spec spec) {
        Path dir = spec.modelDir();
        Map<String, byte[]> files = ModelDirectoryWriter.readAll(dir);
        files.keySet().removeIf(name -> name.startsWith(TrainingReport.DIR + "/"));
        for (String required : List.of(ENCODER_FILE, DECODER_FILE, ModelManifest.FILE_NAME)) {
            if (!files.containsKey(required)) throw new IllegalArgumentException(dir + " has no " + required + "; is it a model directory?");
        }
        ModelManifest manifest = ModelManifest.fromJson(files.get(ModelManifest.FILE_NAME));
        TrainingData data = loadData(spec);
        ModelManifest.Conditioning theirs = ModelManifest.Conditioning.of(data.conditioning());
        ModelManifest.Conditioning ours = manifest.conditioning();
        boolean sameLabels = manifest.labelNames() == null || manifest.labelNames().equals(data.conditioning().labelNames());
        if (!theirs.kind().equals(ours.kind()) || theirs.size() != ours.size() || !sameLabels
                || (ours.attributes() != null && !ours.attributes().equals(theirs.attributes()))) {
            throw new IllegalArgumentException("the data conditions as " + theirs + " but model " + dir + " as " + ours
                    + " (labels " + manifest.labelNames() + ")");
        }
        files.putAll(report(manifest, files.get(ENCODER_FILE), files.get(DECODER_FILE), data.conditioning(), data.test(),
                manifest.training() != null ? manifest.training().seed() : spec.options().seed()));
        ModelDirectoryWriter.write(dir, files);
        log.printf("wrote %s/%s/index.html%n", dir, TrainingReport.DIR);
        return dir.resolve(TrainingReport.DIR);
    }

    private Map<String, byte[]> report(ModelManifest manifest, byte[] encoder, byte[] decoder, Conditioning conditioning,
                                       LabelledImages test, long seed) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ExportedNetworks nets = new ExportedNetworks(encoder, decoder)) {
            TrainingReport.render(manifest, nets, conditioning, test, seed + 4)
                    .forEach((name, bytes) -> files.put(TrainingReport.DIR + "/" + name, bytes));
        }
        return files;
    }

    private TrainingData loadData(Spec spec) {
        FolderOptions folder = spec.folder();
        return TrainingData.load(spec.dataDir(), spec.labelNames(), folder == null ? null : folder.shape(),
                folder == null ? null : folder.badImages(), folder == null ? 0.1 : folder.validationFraction(),
                spec.attributeTypes(), spec.options().seed(), log);
    }

    public static final String ENCODER_FILE = "encoder.onnx";
    public static final String DECODER_FILE = "decoder.onnx";

    /** Fits {@code classifier} for {@code --classifier-epochs}, logs its held-out accuracy and returns it. */
    private double fitClassifier(String role, String kind, ImageClassifier classifier, Spec spec, LabelledImages train,
                                 LabelledImages test, long seed) {
        int epochs = spec.classifierEpochs();
        ProgressBar bar = ProgressBar.onConsole(log, role + " (" + kind + ")", "img", (long) train.size() * epochs);
        classifier.fit(train, epochs, 128, seed, bar::advance);
        bar.finish();
        double accuracy = classifier.accuracy(test);
        log.printf("%s classifier: test accuracy %.4f%n", role, accuracy);
        return accuracy;
    }

    private static ModelManifest manifest(Spec spec, TrainingOptions opt, Conditioning conditioning, LabelledImages test,
                                          LabelledImages train, CvaeArchitecture arch,
                                          CvaeTrainer.Result result, LabelObedience obedience, double judgeAccuracy,
                                          byte[] encoder, byte[] decoder, double seconds) {
        List<String> labelNames = conditioning.labelNames();
        ModelManifest.LabelObedience obeyed = null;
        if (obedience != null) {
            Map<String, Double> perLabel = new LinkedHashMap<>();
            for (int i = 0; i < labelNames.size(); i++) perLabel.put(labelNames.get(i), obedience.perLabel()[i]);
            obeyed = new ModelManifest.LabelObedience("lenet", judgeAccuracy, obedience.samplesPerLabel(), obedience.overall(), perLabel);
        }
        Map<String, ModelManifest.NetworkFile> networks = new LinkedHashMap<>();
        networks.put("encoder", networkFile(ENCODER_FILE, encoder, arch.encoder()));
        networks.put("decoder", networkFile(DECODER_FILE, decoder, arch.decoder()));
        List<ModelManifest.EpochRecord> metrics = result.history().stream().map(TrainingRun::epochRecord).toList();
        return new ModelManifest(ModelManifest.FORMAT_VERSION, spec.modelName(), spec.modelVersion(),
                new ModelManifest.Image(arch.imageShape().channels(), arch.imageShape().height(), arch.imageShape().width()),
                labelNames,
                ModelManifest.Conditioning.of(conditioning),
                arch.latentDim(),
                new ModelManifest.Architecture(arch.kind().id(), arch.encoderHidden(), arch.decoderHidden(), "relu",
                        opt.loss().reconstruction().id(), arch.kind() == CvaeArchitecture.Kind.CONV ? arch.convChannels() : null,
                        arch.kind() == CvaeArchitecture.Kind.CONV ? CvaeArchitecture.KERNEL : null,
                        arch.conditionEmbedding() > 0 ? arch.conditionEmbedding() : null),
                networks,
                new ModelManifest.Dataset(spec.datasetName(), spec.dataDir().toString(), train.size(), test.size()),
                new ModelManifest.Training(spec.commandLine(), opt.seed(), opt.epochs(), opt.batchSize(),
                        opt.learningRate(), opt.lrSchedule().id(), opt.loss().reconstruction().id(),
                        opt.loss().reconstruction() == LossSpec.Reconstruction.GAUSSIAN ? opt.loss().gaussianSigma() : null,
                        opt.loss().klWeight(), opt.loss().klWarmupEpochs(), opt.loss().freeBits(), opt.loss().auxWeight(),
                        opt.loss().auxWeight() > 0 ? "mlp-" + spec.auxClassifierHidden() : null, opt.patience(),
                        Nd4j.getBackend().getClass().getSimpleName(), round(seconds)),
                metrics,
                new ModelManifest.Evaluation(round(result.exported().testNegElbo()), result.bestEpoch(), obeyed),
                Instant.now().toString());
    }

    private static ModelManifest.NetworkFile networkFile(String file, byte[] content, NetworkSpec spec) {
        return new ModelManifest.NetworkFile(file, Sha256.hex(content), tensors(spec.inputs()), tensors(spec.outputs()));
    }

    private static List<ModelManifest.Tensor> tensors(List<TensorSpec> specs) {
        return specs.stream().map(t -> new ModelManifest.Tensor(t.name(), "float32", List.of(-1, t.size()))).toList();
    }

    private static ModelManifest.EpochRecord epochRecord(EpochMetrics m) {
        return new ModelManifest.EpochRecord(m.epoch(), round(m.trainRec()), round(m.trainKl()), round(m.testRec()),
                round(m.testKl()), round(m.testNegElbo()), round(m.seconds()));
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
