package dev.cvae.trainer.judge.cli;

import dev.cvae.trainer.judge.ExportedModel;
import dev.cvae.trainer.judge.OnnxCvae;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What every evaluation of an exported model takes: the model directory, ONNX Runtime's threads, a JSON file. */
final class ModelEvaluationOptions {
    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "Model directory (model.json, encoder.onnx, decoder.onnx).")
    Path modelDir;

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads (default: OMP_NUM_THREADS, else 1).")
    Integer threads;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the numbers as JSON to this file.")
    Path json;

    /** model.json of MODEL_DIR, refused unless c is the one-hot of one label. */
    ExportedModel labelConditionedModel(String command) {
        ExportedModel model = ExportedModel.read(modelDir);
        model.requireLabelConditioning(command);
        return model;
    }

    OnnxCvae open(ExportedModel model) {
        return OnnxCvae.open(model, threads());
    }

    /** --threads, else OMP_NUM_THREADS, else 1. */
    int threads() {
        if (threads != null) {
            if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1, got " + threads);
            return threads;
        }
        return OnnxCvae.defaultThreads();
    }

    /** Writes {@code content} to --json, if given. */
    void writeJson(byte[] content) {
        if (json == null) return;
        try {
            Files.write(json, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + json, e);
        }
    }
}
