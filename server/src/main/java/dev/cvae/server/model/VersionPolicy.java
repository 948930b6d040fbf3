package dev.cvae.server.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which versions of a model are served, as Triton's {@code version_policy}: the latest one (default), the latest
 * {@code n}, all of them, or specific ones. Requests that name no version get the latest served one. Immutable.
 *
 * @param latest   serve the highest {@code latest} versions (0 when {@code all} or {@code specific} apply)
 * @param all      serve every version
 * @param specific serve exactly these versions (empty unless this is a specific policy)
 */
public record VersionPolicy(int latest, boolean all, Set<String> specific) {
    /** Orders versions as numbers where both are numbers, else as text; the greatest is the latest. */
    public static final Comparator<String> ORDER = (a, b) -> {
        boolean na = isNumber(a);
        boolean nb = isNumber(b);
        if (na && nb) return Long.compare(Long.parseLong(a), Long.parseLong(b));
        if (na != nb) return na ? 1 : -1;
        return a.compareTo(b);
    };

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 18) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    public static final VersionPolicy LATEST = new VersionPolicy(1, false, Set.of());

    public VersionPolicy {
        specific = Set.copyOf(specific);
        if (!all && specific.isEmpty() && latest < 1) throw new IllegalArgumentException("latest must be >= 1, got " + latest);
    }

    /**
     * {@code latest}, {@code latest:N}, {@code all} or {@code specific:V1,V2,...}.
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static VersionPolicy parse(String text) {
        String t = text.strip();
        try {
            if (t.equals("latest")) return LATEST;
            if (t.equals("all")) return new VersionPolicy(0, true, Set.of());
            if (t.startsWith("latest:")) return new VersionPolicy(Integer.parseInt(t.substring(7)), false, Set.of());
            if (t.startsWith("specific:")) {
                List<String> versions = Arrays.stream(t.substring(9).split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
                if (!versions.isEmpty()) return new VersionPolicy(0, false, new TreeSet<>(versions));
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("version policy '" + text + "' is not latest, latest:N (N >= 1), all or specific:V1,V2,...");
    }

    /**
     * The versions that may be served, in order of preference (latest first); serve the first {@link #wanted} of
     * them that load. A latest-N policy thus falls back to an older version when a newer one fails to load.
     */
    public List<String> candidates(List<String> found) {
        List<String> sorted = new ArrayList<>(found);
        sorted.sort(ORDER.reversed());
        if (!specific.isEmpty()) return sorted.stream().filter(specific::contains).toList();
        return sorted;
    }

    /** How many of the {@link #candidates} to serve. */
    public int wanted() {
        return all || !specific.isEmpty() ? Integer.MAX_VALUE : latest;
    }

    /** The versions to serve when every one loads: the first {@link #wanted} {@link #candidates}. */
    public List<String> select(List<String> found) {
        List<String> c = candidates(found);
        return c.subList(0, Math.min(wanted(), c.size()));
    }

    @Override
    public String toString() {
        if (all) return "all";
        if (!specific.isEmpty()) return "specific:" + String.join(",", new TreeSet<>(specific));
        return latest == 1 ? "latest" : "latest:" + latest;
    }
}
