package dev.cvae.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cvae.server.batch.BatchPolicy;
import dev.cvae.server.inference.Commands;
import dev.cvae.server.inference.EncodedImage;
import dev.cvae.server.metrics.LoadSnapshot;
import dev.cvae.server.model.ModelDescriptor;
import dev.cvae.server.model.ModelRegistry;
import dev.cvae.server.model.ServedModel;
import java.util.Base64;
import java.util.List;

/**
 * Builds the HTTP adapter's JSON answers from operation results, named as the protobuf messages' fields; images are
 * base64 PNG, seeds strings (64-bit). Stateless.
 */
final class JsonResponses {
    private JsonResponses() {
    }

    /** @param reports where each model version's report files are ({@link ReportFiles#list}) */
    static ObjectNode models(ModelRegistry registry, ReportFiles reports) {
        ObjectNode out = Replies.JSON.createObjectNode().put("default_model", registry.defaultModel());
        ArrayNode models = out.putArray("models");
        for (ServedModel m : registry.latest()) {
            ModelDescriptor d = m.descriptor();
            ObjectNode model = models.addObject().put("name", d.name()).put("version", m.version());
            strings(model.putArray("versions"), registry.versions(d.name()));
            model.putObject("image_shape").put("channels", d.image().channels()).put("height", d.image().height()).put("width", d.image().width());
            strings(model.putArray("label_names"), d.labelNames() == null ? List.of() : d.labelNames());
            ArrayNode attributes = model.putArray("attributes");
            for (ModelDescriptor.Attribute a : d.attributes()) {
                ObjectNode attribute = attributes.addObject().put("name", a.name()).put("type", a.type());
                strings(attribute.putArray("values"), a.values());
                if (a.min() != null) attribute.put("min", a.min());
                if (a.max() != null) attribute.put("max", a.max());
            }
            model.put("latent_dim", d.latentDim()).put("conditioning_kind", d.conditioning().kind())
                    .put("conditioning_size", d.conditioning().size()).put("default_temperature", m.defaultTemperature());
            BatchPolicy p = m.decoder().policy();
            model.putObject("batching").put("max_batch", p.maxBatch()).put("max_delay_us", p.maxDelay().toNanos() / 1000)
                    .put("workers", p.workers()).put("max_queue_rows", p.maxQueueRows());
            strings(model.putArray("report"), reports.list(m));
        }
        return out;
    }

    static ObjectNode generated(Commands.Generated g) {
        ObjectNode out = Replies.JSON.createObjectNode().put("model", g.model().name()).put("model_version", g.model().version())
                .put("seed", Long.toString(g.seed()));
        ArrayNode images = out.putArray("images");
        int dim = g.model().latentDim();
        for (int i = 0; i < g.images().size(); i++) {
            ObjectNode image = images.addObject();
            image.set("image", image(g.images().get(i)));
            floats(image.putArray("latent"), g.latents(), i * dim, dim);
        }
        return out;
    }

    static ObjectNode encoded(Commands.Encoded e) {
        ObjectNode out = Replies.JSON.createObjectNode().put("model", e.model().name()).put("model_version", e.model().version());
        floats(out.putArray("mu"), e.mu(), 0, e.mu().length);
        floats(out.putArray("logvar"), e.logvar(), 0, e.logvar().length);
        if (e.reconstruction() != null) out.set("reconstruction", image(e.reconstruction()));
        return out;
    }

    static ObjectNode frame(Commands.Frame f, String modelVersion) {
        ObjectNode out = Replies.JSON.createObjectNode().put("index", f.index()).put("t", f.t()).put("model_version", modelVersion);
        out.set("image", image(f.image()));
        floats(out.putArray("latent"), f.latent(), 0, f.latent().length);
        return out;
    }

    static ObjectNode load(LoadSnapshot s) {
        ObjectNode out = Replies.JSON.createObjectNode().put("at_seconds", s.atSeconds()).put("requests", s.requests())
                .put("failed", s.failed()).put("latency_seconds", s.latencySeconds());
        ArrayNode buckets = out.putArray("latency_buckets");
        for (LoadSnapshot.Bucket b : s.latencyBuckets()) buckets.addObject().put("le", b.le()).put("count", b.count());
        ObjectNode ops = out.putObject("by_operation");
        s.byOperation().forEach(ops::put);
        return out.put("runs", s.runs()).put("rows", s.rows()).put("queued_rows", s.queuedRows()).put("runs_in_flight", s.runsInFlight());
    }

    private static ObjectNode image(EncodedImage img) {
        return Replies.JSON.createObjectNode().put("format", img.format().name())
                .put("data", Base64.getEncoder().encodeToString(img.data()))
                .put("channels", img.channels()).put("height", img.height()).put("width", img.width());
    }

    private static void floats(ArrayNode out, float[] values, int from, int n) {
        for (int i = from; i < from + n; i++) out.add(values[i]);
    }

    private static void strings(ArrayNode out, List<String> values) {
        values.forEach(out::add);
    }
}
