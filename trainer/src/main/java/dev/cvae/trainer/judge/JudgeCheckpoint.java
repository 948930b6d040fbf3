package dev.cvae.trainer.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvae.trainer.data.ImageShape;
import dev.cvae.trainer.export.ModelDirectoryWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The strong judge's training state after an epoch: the network with Adam's state, the random source that
 * orders and distorts the images, the epochs so far and the best validation epoch's weights. Written atomically
 * (through {@link ModelDirectoryWriter}) after every epoch, so that a run that is stopped continues from its last
 * finished epoch with the same order and distortions (dropout masks come from ND4J's own generator and are drawn
 * anew, so a resumed run is close to, not identical with, an uninterrupted one).
 */
final class JudgeCheckpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NETWORK = "network.zip";
    private static final String STATE = "state.json";
    private static final String RANDOM = "random.bin";
    private static final String BEST = "best-parameters.bin";

    /**
     * @param fingerprint the options and split sizes; a resume with other ones is refused
     * @param step        optimiser steps taken (the learning rate's position on its way to zero)
     */
    record State(String fingerprint, long step, double bestValidation, int keptEpoch, List<JudgeTrainer.Epoch> epochs) {
        State {
            epochs = List.copyOf(epochs);
        }
    }

    /** A checkpoint read back; {@code best} is null when nothing was held out for validation. */
    record Loaded(CnnJudge judge, State state, Random random, INDArray best) {
    }

    private JudgeCheckpoint() {
    }

    static void save(Path dir, CnnJudge judge, State state, Random rng, INDArray best) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(NETWORK, judge.trainingState());
        try {
            files.put(STATE, JSON.writeValueAsBytes(state));
            ByteArrayOutputStream random = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(random)) {
                out.writeObject(rng);
            }
            files.put(RANDOM, random.toByteArray());
            if (best != null) {
                ByteArrayOutputStream params = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(params)) {
                    Nd4j.write(best, out);
                }
                files.put(BEST, params.toByteArray());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the judge's checkpoint " + dir, e);
        }
        ModelDirectoryWriter.write(dir, files);
    }

    /** The checkpoint in {@code dir}, or null when there is none. */
    static Loaded load(Path dir, ImageShape shape, int classCount) {
        if (!Files.isRegularFile(dir.resolve(STATE))) return null;
        try {
            State state = JSON.readValue(dir.resolve(STATE).toFile(), State.class);
            CnnJudge judge = CnnJudge.fromTrainingState(Files.readAllBytes(dir.resolve(NETWORK)), shape, classCount);
            Random rng;
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(RANDOM))))) {
                rng = (Random) in.readObject();
            } catch (ClassNotFoundException e) {
                throw new IOException("random.bin does not hold a java.util.Random", e);
            }
            INDArray best = null;
            if (Files.isRegularFile(dir.resolve(BEST))) {
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(BEST))))) {
                    best = Nd4j.read(in);
                }
            }
            return new Loaded(judge, state, rng, best);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the judge's checkpoint in " + dir, e);
        }
    }

    /** Removes the checkpoint once the judge it led to is written. */
    static void delete(Path dir) {
        try {
            ModelDirectoryWriter.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the checkpoint " + dir, e);
        }
    }
}
