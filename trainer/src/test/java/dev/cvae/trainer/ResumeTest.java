package dev.cvae.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cvae.trainer.classify.ClassifierOptions;
import dev.cvae.trainer.data.DataSource;
import dev.cvae.trainer.export.ModelManifest;
import dev.cvae.trainer.export.ModelTarget;
import dev.cvae.trainer.model.ArchitectureOptions;
import dev.cvae.trainer.model.LossSpec;
import dev.cvae.trainer.testdata.SyntheticStrokes;
import dev.cvae.trainer.train.EpochObserver;
import dev.cvae.trainer.train.TrainingOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A run stopped after an epoch and resumed from its checkpoint ends exactly where an uninterrupted run does. */
class ResumeTest {
    @TempDir
    Path work;
    Path data;

    private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

    @BeforeEach
    void data() throws Exception {
        data = SyntheticStrokes.write(Files.createDirectory(work.resolve("data")), 300, 80, 8);
    }

    private TrainingSpec spec(Path out, double lr, boolean resume) {
        return spec(out, lr, TrainingOptions.LrSchedule.CONSTANT, resume);
    }

    private TrainingSpec spec(Path out, double lr, TrainingOptions.LrSchedule schedule, boolean resume) {
        TrainingOptions options = new TrainingOptions(5, 32, lr, schedule, LossSpec.bernoulli(1), 3, 1000, 2);
        return new TrainingSpec(DataSource.of(data, "strokes", List.of("h", "v", "d", "a")), new ModelTarget(out, "m", "1"),
                ArchitectureOptions.mlp(List.of(24), 2, List.of(24)), options, new ClassifierOptions(1, 16, 10), "cvae-train --test", resume);
    }

    private static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash() {
            super("simulated crash after epoch 3");
        }
    }

    @ParameterizedTest
    @EnumSource(TrainingOptions.LrSchedule.class)
    void aResumedRunExportsTheSameBytesAsAnUninterruptedOne(TrainingOptions.LrSchedule schedule) {
        ModelManifest whole = new TrainingRun(QUIET).run(spec(work.resolve("whole"), 3e-3, schedule, false)).manifest();

        TrainingSpec interrupted = spec(work.resolve("broken"), 3e-3, schedule, false);
        EpochObserver crashAfterThree = m -> {
            if (m.epoch() == 3) throw new SimulatedCrash();
        };
        assertThrows(SimulatedCrash.class, () -> new TrainingRun(QUIET, crashAfterThree).run(interrupted));
        assertTrue(Files.isDirectory(interrupted.target().checkpointDir()), "a checkpoint is left");
        assertFalse(Files.exists(interrupted.target().modelDir()), "no model is written by the crashed run");

        ByteArrayOutputStream resumeLog = new ByteArrayOutputStream();
        ModelManifest resumed = new TrainingRun(new PrintStream(resumeLog, true, StandardCharsets.UTF_8))
                .run(spec(work.resolve("broken"), 3e-3, schedule, true)).manifest();
        String log = resumeLog.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains("auxiliary classifier:"), "the checkpoint carries the auxiliary classifier:\n" + log);
        assertTrue(log.contains("resuming after epoch 3"), log);
        assertTrue(log.indexOf("resuming after epoch 3") < log.indexOf("judge classifier:"),
                "the judge is fitted after training, not before:\n" + log);
        assertEquals(schedule.id(), resumed.training().learningRateSchedule());
        assertEquals(whole.networks().get("encoder").sha256(), resumed.networks().get("encoder").sha256());
        assertEquals(whole.networks().get("decoder").sha256(), resumed.networks().get("decoder").sha256());
        assertEquals(whole.metrics().stream().map(ModelManifest.EpochRecord::testNegElbo).toList(),
                resumed.metrics().stream().map(ModelManifest.EpochRecord::testNegElbo).toList());
        assertEquals(whole.evaluation().epoch(), resumed.evaluation().epoch());
        double allEpochs = resumed.metrics().stream().mapToDouble(ModelManifest.EpochRecord::seconds).sum();
        assertTrue(resumed.training().seconds() >= allEpochs - 1e-2,
                "the resumed run's time " + resumed.training().seconds() + " s counts all epochs' " + allEpochs + " s");
        assertFalse(Files.exists(interrupted.target().checkpointDir()), "the checkpoint is removed once the model is written");
    }

    @Test
    void resumingWithOtherOptionsOrWithoutACheckpointIsRefused() {
        TrainingSpec interrupted = spec(work.resolve("out"), 3e-3, false);
        assertThrows(SimulatedCrash.class, () -> new TrainingRun(QUIET, m -> {
            throw new SimulatedCrash();
        }).run(interrupted));
        ByteArrayOutputStream refusedLog = new ByteArrayOutputStream();
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> new TrainingRun(new PrintStream(refusedLog, true, StandardCharsets.UTF_8)).run(spec(work.resolve("out"), 1e-2, true)));
        assertTrue(other.getMessage().contains("was made with other data or options"), other.getMessage());
        assertFalse(refusedLog.toString(StandardCharsets.UTF_8).contains("classifier"),
                "a refused resume fails before fitting any classifier:\n" + refusedLog);
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> new TrainingRun(QUIET).run(spec(work.resolve("elsewhere"), 3e-3, true)));
        assertTrue(none.getMessage().startsWith("no checkpoint to resume in "), none.getMessage());
    }
}
