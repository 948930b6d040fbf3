package dev.cvae.trainer.judge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cvae.trainer.data.IdxDataset;
import dev.cvae.trainer.data.LabelledImages;
import dev.cvae.trainer.judge.ExportedModel;
import dev.cvae.trainer.judge.LikelihoodBound;
import dev.cvae.trainer.judge.OnnxCvae;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cvae-train judge bound MODEL_DIR --data DIR}: the test negative ELBO and the negative importance-weighted
 * bound (IWAE) of an exported model, computed with its ONNX files.
 */
@Command(name = "bound", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Test negative ELBO (one posterior sample, analytic KL) and negative IWAE bound with k importance samples, in nats per image.")
public final class BoundCommand implements Callable<Integer> {
    private final PrintStream log;

    public BoundCommand(PrintStream log) {
        this.log = log;
    }

    @Mixin
    ModelEvaluationOptions model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "IDX directory whose test split is measured.")
    Path data;

    @Option(names = "--k", defaultValue = "64", description = "Importance samples per image (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--limit", description = "Measure only the first N test images (default: all).")
    Integer limit;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the posterior samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        ExportedModel exported = model.labelConditionedModel("judge bound");
        LabelledImages test = IdxDataset.load(data, exported.labelNames().size()).test();
        if (limit != null) {
            if (limit < 1) throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
            test = test.head(limit);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        try (OnnxCvae cvae = model.open(exported)) {
            long start = System.nanoTime();
            LikelihoodBound.Elbo elbo = LikelihoodBound.elbo(cvae, test, seed);
            double elboSeconds = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            LikelihoodBound.Iwae iwae = LikelihoodBound.iwae(cvae, test, k, seed);
            double iwaeSeconds = (System.nanoTime() - start) / 1e9;
            out.put("model", exported.name());
            out.put("testImages", test.size());
            out.put("seed", seed);
            out.put("rec", elbo.rec());
            out.put("kl", elbo.kl());
            out.put("negElbo", elbo.negElbo());
            out.put("negElboMonteCarlo", elbo.negElboMc());
            out.put("modelJsonTestNegElbo", Double.isNaN(exported.testNegElbo()) ? null : exported.testNegElbo());
            out.put("k", k);
            out.put("negIwae", iwae.negIwae());
            out.put("elboSeconds", elboSeconds);
            out.put("iwaeSeconds", iwaeSeconds);
            log.printf("| model | test images | rec | KL | -ELBO | -ELBO in model.json | -IWAE (k=%d) | ELBO - IWAE | seconds (IWAE) |%n", k);
            log.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            log.printf("| %s | %,d | %.2f | %.2f | %.2f | %s | %.2f | %.2f | %.0f |%n", exported.name(), test.size(), elbo.rec(), elbo.kl(),
                    elbo.negElbo(), Double.isNaN(exported.testNegElbo()) ? "-" : String.format("%.2f", exported.testNegElbo()),
                    iwae.negIwae(), elbo.negElbo() - iwae.negIwae(), iwaeSeconds);
        }
        try {
            model.writeJson(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return JudgeCommand.EXIT_OK;
    }
}
