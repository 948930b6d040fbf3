package dev.cvae.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The trainer's seconds per epoch on Fashion-MNIST: one epoch of {@code bin/cvae-train} with the default model and
 * objective, the classifiers kept cheap (one epoch each, few samples per label), into a scratch directory. The
 * number is the epoch's own time as the trainer records it in model.json, so start-up, the classifiers and the
 * report do not count.
 */
public final class TrainingEpoch {
    /** At most this long for the whole trainer run. */
    private static final long TIMEOUT_SECONDS = 45 * 60;

    /** The outcome: seconds of the epoch, or why it was skipped. */
    public record Result(String command, double epochSeconds, double wallSeconds, String skipped) {
        static Result skipped(String why) {
            return new Result("", Double.NaN, Double.NaN, why);
        }

        public boolean measured() {
            return skipped == null;
        }
    }

    private TrainingEpoch() {
    }

    public static Result measure(Installation installation, ChildProcesses children, Path data, Path scratch, Path logs)
            throws IOException, InterruptedException {
        if (!Files.isDirectory(data)) {
            return Result.skipped("no Fashion-MNIST at " + data + " (get it with apt-get install dataset-fashion-mnist and pass --training-data)");
        }
        Path out = ScratchDirectory.fresh(scratch).resolve("models");
        List<String> arguments = List.of("--data", data.toString(), "--out", out.toString(), "--name", "fashion-mnist-epoch",
                "--epochs", "1", "--classifier-epochs", "1", "--samples-per-label", "20");
        List<String> command = new ArrayList<>();
        command.add(installation.trainer().toString());
        command.addAll(arguments);
        long start = System.nanoTime();
        try {
            Process process = children.start(command, installation.root(), Map.of(), logs.resolve("train.log"), logs.resolve("train.err.log"));
            int exit = children.await(process, TIMEOUT_SECONDS);
            double wall = (System.nanoTime() - start) / 1e9;
            if (exit != 0) return Result.skipped("bin/cvae-train exited with " + exit + "; see " + logs.resolve("train.err.log"));
            JsonNode metrics = new ObjectMapper().readTree(out.resolve("fashion-mnist-epoch/model.json").toFile()).path("metrics");
            double seconds = Double.NaN;
            for (JsonNode epoch : metrics) {
                if (epoch.path("epoch").asInt() == 1) seconds = epoch.path("seconds").asDouble(Double.NaN);
            }
            return new Result("bin/cvae-train " + String.join(" ", arguments).replace(data.toString(), "DATA").replace(out.toString(), "SCRATCH"),
                    seconds, wall, null);
        } finally {
            ScratchDirectory.delete(scratch);
        }
    }
}
