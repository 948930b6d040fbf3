package dev.cvae.server.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser of the Prometheus text exposition format (0.0.4), for tests: every line must be a comment,
 * a HELP or TYPE line, or a sample {@code name{label="value",...} value [timestamp]}; anything else fails the
 * parse, naming the line. A TYPE must come before its samples and only once.
 */
public final class PrometheusText {
    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = samples;
        this.types = types;
    }

    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new HashMap<>();
        String[] lines = text.split("\n", -1);
        if (!text.endsWith("\n")) throw new IllegalArgumentException("exposition does not end with a line feed");
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            try {
                if (line.isEmpty()) continue;
                if (line.startsWith("#")) {
                    String[] parts = line.split(" ", 4);
                    if (parts.length >= 3 && parts[1].equals("TYPE")) {
                        if (parts.length != 4 || !List.of("counter", "gauge", "histogram", "summary", "untyped").contains(parts[3])) {
                            throw new IllegalArgumentException("bad TYPE line");
                        }
                        checkName(parts[2]);
                        if (types.put(parts[2], parts[3]) != null) throw new IllegalArgumentException("second TYPE for " + parts[2]);
                    } else if (parts.length >= 3 && parts[1].equals("HELP")) {
                        checkName(parts[2]);
                    }
                    continue;
                }
                samples.add(sample(line));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + (i + 1) + " '" + line + "': " + e.getMessage(), e);
            }
        }
        return new PrometheusText(List.copyOf(samples), Map.copyOf(types));
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') i++;
        String name = line.substring(0, i);
        checkName(name);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) throw new IllegalArgumentException("bad label name '" + label + "'");
                if (line.charAt(eq + 1) != '"') throw new IllegalArgumentException("label value of " + label + " is not quoted");
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(switch (next) {
                            case 'n' -> '\n';
                            case '\\' -> '\\';
                            case '"' -> '"';
                            default -> throw new IllegalArgumentException("bad escape \\" + next);
                        });
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(label, value.toString()) != null) throw new IllegalArgumentException("label " + label + " twice");
                i = j + 1;
                if (line.charAt(i) == ',') i++;
                else if (line.charAt(i) != '}') throw new IllegalArgumentException("expected , or } after label " + label);
            }
            i++;
        }
        if (i >= line.length() || line.charAt(i) != ' ') throw new IllegalArgumentException("no value");
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length > 2) throw new IllegalArgumentException("trailing text");
        if (rest.length == 2) Long.parseLong(rest[1]);
        return new Sample(name, Map.copyOf(labels), value(rest[0]));
    }

    private static double value(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private static void checkName(String name) {
        if (!name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) throw new IllegalArgumentException("bad metric name '" + name + "'");
    }

    /** The TYPE declared for a metric family, or null. */
    public String type(String family) {
        return types.get(family);
    }

    /** The samples of that name whose labels include all of {@code labels} (given as name, value, name, value...). */
    public List<Sample> find(String name, String... labels) {
        List<Sample> found = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.name().equals(name)) continue;
            boolean match = true;
            for (int i = 0; i < labels.length; i += 2) match &= labels[i + 1].equals(s.labels().get(labels[i]));
            if (match) found.add(s);
        }
        return found;
    }

    /** The value of the one sample that matches; fails when none or several match. */
    public double value(String name, String... labels) {
        List<Sample> found = find(name, labels);
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " samples of " + name + " match " + List.of(labels) + ": " + found);
        }
        return found.get(0).value();
    }

    /** The value of the one matching sample, or 0 when none matches (a counter not yet created). */
    public double valueOrZero(String name, String... labels) {
        return find(name, labels).isEmpty() ? 0 : value(name, labels);
    }
}
