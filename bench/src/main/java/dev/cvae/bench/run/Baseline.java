package dev.cvae.bench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The committed reference for the quick check ({@code bench/baseline.json}): the key ratios, each "default over
 * {@code --max-batch 1}" throughput at some number of streams, as measured once on the development machine, and
 * the margin by which a later run may fall below one before it counts as a regression. Ratios, not absolute
 * figures, because on shared machines absolute figures move by a third from run to run.
 *
 * @param margin  a fraction: 0.4 fails a ratio below 60% of its baseline
 * @param ratios  by name, e.g. "stream1DefaultOverMaxBatch1"
 * @param measured where and when the ratios were measured
 */
public record Baseline(double margin, Map<String, Double> ratios, String measured) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Baseline {
        if (!(margin > 0 && margin < 1)) throw new IllegalArgumentException("margin must be between 0 and 1, got " + margin);
        ratios = new LinkedHashMap<>(ratios);
        for (var e : ratios.entrySet()) {
            if (e.getValue() == null || !(e.getValue() > 0)) throw new IllegalArgumentException("ratios." + e.getKey() + " must be > 0, got " + e.getValue());
        }
        ratios = Collections.unmodifiableMap(ratios);
    }

    /** One ratio compared with its baseline. */
    public record Verdict(String name, double baseline, double measured, double floor) {
        public boolean regressed() {
            return !(measured >= floor);
        }
    }

    /** Each baseline ratio against the measured one (a missing measurement is NaN: regressed). */
    public List<Verdict> compare(Map<String, Double> measured) {
        List<Verdict> verdicts = new ArrayList<>();
        ratios.forEach((name, base) -> verdicts.add(new Verdict(name, base, measured.getOrDefault(name, Double.NaN), base * (1 - margin))));
        return verdicts;
    }

    public static Baseline read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), Baseline.class);
        } catch (ValueInstantiationException e) {
            throw new IOException(file + ": " + e.getCause().getMessage(), e);
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(this) + "\n");
    }
}
