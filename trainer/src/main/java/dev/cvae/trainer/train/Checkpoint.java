package dev.cvae.trainer.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cvae.trainer.export.ModelDirectoryWriter;
import dev.cvae.trainer.model.CvaeArchitecture;
import dev.cvae.trainer.model.CvaeGraph;
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
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training run's state after an epoch, enough to continue to exactly the result of an uninterrupted run:
 * the graph with its weights, Adam state and iteration count; the Java random source; the metrics so far; and
 * the early-stopping bookkeeping with the best epoch's weights. Written atomically (through
 * {@link ModelDirectoryWriter}) into a hidden directory, so a crash mid-write leaves the previous checkpoint.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GRAPH = "graph.sd";
    private static final String STATE = "state.json";
    private static final String BEST = "best-weights.bin";

    /** The run's progress after {@code epoch}. {@code fingerprint} must match for a resume to be allowed. */
    public record State(String fingerprint, int epoch, List<EpochMetrics> history, int bestEpoch, double bestLoss,
                        int sinceBest) {
    }

    /** state.json: the progress and the serialized random source. */
    private record StateFile(State state, String random) {
    }

    /** A loaded checkpoint. {@code bestEncoder}/{@code bestDecoder} are null unless early stopping kept some. */
    public record Loaded(CvaeGraph graph, State state, Random random, Map<String, INDArray> bestEncoder,
                         Map<String, INDArray> bestDecoder) {
    }

    private Checkpoint() {
    }

    static void save(Path dir, CvaeGraph graph, State state, Random rng, Map<String, INDArray> bestEncoder,
                     Map<String, INDArray> bestDecoder) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(GRAPH, graph.save());
        try {
            files.put(STATE, JSON.writeValueAsBytes(new StateFile(state, encode(rng))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bestEncoder != null) {
            Map<String, INDArray> best = new LinkedHashMap<>();
            bestEncoder.forEach((k, v) -> best.put("encoder/" + k, v));
            bestDecoder.forEach((k, v) -> best.put("decoder/" + k, v));
            files.put(BEST, arrays(best));
        }
        ModelDirectoryWriter.write(dir, files);
    }

    /** The checkpoint in {@code dir}, or null when there is none. */
    static Loaded load(Path dir, CvaeArchitecture arch, boolean hasAux) {
        if (!Files.isRegularFile(dir.resolve(STATE))) return null;
        try {
            StateFile file = JSON.readValue(dir.resolve(STATE).toFile(), StateFile.class);
            State state = file.state();
            CvaeGraph graph = CvaeGraph.load(dir.resolve(GRAPH).toFile(), arch, hasAux);
            Map<String, INDArray> enc = null;
            Map<String, INDArray> dec = null;
            if (Files.isRegularFile(dir.resolve(BEST))) {
                enc = new LinkedHashMap<>();
                dec = new LinkedHashMap<>();
                for (Map.Entry<String, INDArray> e : readArrays(Files.readAllBytes(dir.resolve(BEST))).entrySet()) {
                    String[] key = e.getKey().split("/", 2);
                    (key[0].equals("encoder") ? enc : dec).put(key[1], e.getValue());
                }
            }
            return new Loaded(graph, state, decode(file.random()), enc, dec);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint in " + dir, e);
        }
    }

    /** Removes a checkpoint once the model it led to is written. */
    public static void delete(Path dir) {
        try {
            ModelDirectoryWriter.deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the checkpoint " + dir, e);
        }
    }

    private static String encode(Random rng) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buf)) {
            out.writeObject(rng);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(buf.toByteArray());
    }

    private static Random decode(String text) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            return (Random) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IOException("the checkpoint's random state is not a java.util.Random", e);
        }
    }

    private static byte[] arrays(Map<String, INDArray> arrays) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buf)) {
            out.writeInt(arrays.size());
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                out.writeUTF(e.getKey());
                Nd4j.write(e.getValue(), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buf.toByteArray();
    }

    private static Map<String, INDArray> readArrays(byte[] bytes) throws IOException {
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) out.put(in.readUTF(), Nd4j.read(in));
        }
        return out;
    }
}
