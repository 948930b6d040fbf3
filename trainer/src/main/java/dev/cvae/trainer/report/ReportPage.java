package dev.cvae.trainer.report;

import dev.cvae.trainer.export.ModelManifest;
import java.util.List;
import java.util.Locale;

/** The report's {@code index.html}: the model summary from model.json, label obedience per label, and the figures. */
final class ReportPage {
    private ReportPage() {
    }

    /** One figure of the page: the PNG {@code file} in the report directory, and its caption. */
    static String figure(String file, String caption) {
        return "<figure><img src=\"" + file + "\" alt=\"" + escape(file) + "\"><figcaption>" + escape(caption) + "</figcaption></figure>";
    }

    /** The page: a summary of {@code m}, its label obedience per label when it has one, then {@code figures} in order. */
    static String html(ModelManifest m, List<String> figures) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Training report: ")
                .append(escape(m.name())).append("</title>\n<style>body{font-family:sans-serif;max-width:1200px;margin:2em auto;}"
                        + "figure{margin:1.5em 0;}figcaption{color:#444;max-width:900px;}table{border-collapse:collapse;}"
                        + "td,th{border:1px solid #ccc;padding:2px 8px;text-align:right;}</style></head><body>\n");
        h.append("<h1>Training report: ").append(escape(m.name())).append(" (version ").append(escape(m.version())).append(")</h1>\n");
        h.append("<ul>");
        item(h, "architecture", m.architecture().type() + ", latent " + m.latentDim()
                + (m.architecture().convChannels() != null ? ", conv channels " + m.architecture().convChannels() : "")
                + ", hidden " + m.architecture().encoderHidden() + " / " + m.architecture().decoderHidden()
                + (m.architecture().labelEmbedding() != null ? ", label embedding " + m.architecture().labelEmbedding() : ""));
        item(h, "image", m.image().channels() + " x " + m.image().height() + " x " + m.image().width());
        item(h, "conditioning", m.conditioning().kind() + ", " + m.conditioning().size() + " values");
        item(h, "data", m.dataset().name() + ": " + m.dataset().trainImages() + " training, " + m.dataset().testImages() + " held-out images");
        if (m.training() != null) {
            item(h, "training", m.training().epochs() + " epochs, " + m.training().reconstruction() + " likelihood, command: "
                    + m.training().command());
        }
        int epoch = m.evaluation().epoch() > 0 ? m.evaluation().epoch() : m.metrics().get(m.metrics().size() - 1).epoch();
        item(h, "held-out negative ELBO", String.format(Locale.ROOT, "%.2f nats per image (epoch %d)", m.evaluation().testNegElbo(), epoch));
        ModelManifest.Bound bound = m.evaluation().bound();
        if (bound != null) {
            item(h, "importance-weighted bound", String.format(Locale.ROOT, "negative IWAE %.2f nats per image with k = %d, against a "
                    + "negative ELBO of %.2f on the same %d held-out images (%s, seed %d)", bound.negIwae(), bound.k(), bound.negElbo(),
                    bound.testImages(), bound.data(), bound.seed()));
        }
        ModelManifest.LabelObedience ob = m.evaluation().labelObedience();
        if (ob != null) {
            item(h, "label obedience (training-time judge)", String.format(Locale.ROOT, "%.1f%% of %d samples per label show the requested label "
                    + "(judge: %s, %.1f%% accurate on held-out images)", 100 * ob.overall(), ob.samplesPerLabel(), ob.classifier(),
                    100 * ob.classifierTestAccuracy()));
        }
        h.append("</ul>\n");
        if (ob != null) {
            h.append("<table><tr><th>label</th>");
            ob.perLabel().keySet().forEach(l -> h.append("<th>").append(escape(l)).append("</th>"));
            h.append("</tr><tr><td>obeyed</td>");
            ob.perLabel().values().forEach(v -> h.append(String.format(Locale.ROOT, "<td>%.1f%%</td>", 100 * v)));
            h.append("</tr></table>\n");
        }
        ModelManifest.IndependentObedience judged = m.evaluation().independentObedience();
        if (judged != null) independentObedience(h, judged);
        figures.forEach(f -> h.append(f).append('\n'));
        h.append("</body></html>\n");
        return h.toString();
    }

    /** One row per label: per judge, the share of samples it judged the requested label, then its accuracy on real images. */
    private static void independentObedience(StringBuilder h, ModelManifest.IndependentObedience judged) {
        h.append(String.format(Locale.ROOT, "<h2>Label obedience by independent judges</h2>\n<p>%d prior samples per label at temperature %s, "
                + "seed %d; judges: the CNN of %s and k nearest neighbours on its training images. Beside each judge's obedience stands "
                + "its own accuracy on the real test images of that label (their count in brackets).</p>\n<table><tr><th>label</th>",
                judged.samplesPerLabel(), judged.temperature(), judged.seed(), escape(judged.judgeDirectory())));
        judged.judges().forEach(j -> h.append("<th>obeys (").append(escape(j.judge())).append(")</th><th>")
                .append(escape(j.judge())).append(" on real test</th>"));
        h.append("</tr>\n");
        List<ModelManifest.LabelShare> first = judged.judges().get(0).labels();
        for (int label = 0; label < first.size(); label++) {
            h.append("<tr><td>").append(escape(first.get(label).label())).append("</td>");
            for (ModelManifest.JudgeObedience j : judged.judges()) {
                ModelManifest.LabelShare share = j.labels().get(label);
                h.append(String.format(Locale.ROOT, "<td>%.1f%%</td><td>%.1f%% (%d)</td>", 100 * share.obedience(),
                        100 * share.realTestAccuracy(), share.realTestImages()));
            }
            h.append("</tr>\n");
        }
        h.append("<tr><th>all</th>");
        judged.judges().forEach(j -> h.append(String.format(Locale.ROOT, "<th>%.1f%%</th><th>%.1f%%</th>", 100 * j.obedience(),
                100 * j.realTestAccuracy())));
        h.append("</tr></table>\n");
    }

    private static void item(StringBuilder h, String name, String value) {
        h.append("<li><b>").append(escape(name)).append(":</b> ").append(escape(value)).append("</li>");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
