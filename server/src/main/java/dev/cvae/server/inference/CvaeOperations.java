package dev.cvae.server.inference;

import dev.cvae.server.batch.Batcher;
import dev.cvae.server.inference.Commands.Encode;
import dev.cvae.server.inference.Commands.Encoded;
import dev.cvae.server.inference.Commands.Frame;
import dev.cvae.server.inference.Commands.Generate;
import dev.cvae.server.inference.Commands.Generated;
import dev.cvae.server.inference.Commands.Infer;
import dev.cvae.server.inference.Commands.Interpolate;
import dev.cvae.server.inference.Commands.Point;
import dev.cvae.server.model.ServedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Generate, encode and interpolate on top of the models' batchers, and plain runs of one network ({@link #infer},
 * for the Open Inference Protocol) through the same batchers, so that all of them share inference runs. Every
 * operation is lazy and cancellable: cancelling the returned publisher withdraws its rows that are still queued.
 *
 * <p>Where answers are built: a request's rows complete on the inference worker that ran them. An answer of at
 * most {@value #IN_PLACE_PIXELS} pixels or values (four 28x28 images) is encoded right there, since handing it to
 * another thread costs more than encoding it; larger answers are encoded on {@code imageScheduler}, in parallel
 * with the worker's next batch. Thread-safe.
 */
public final class CvaeOperations {
    /** Answers of at most this many pixels (or output values) are built on the inference worker, larger ones on the image scheduler. */
    static final int IN_PLACE_PIXELS = 4 * 28 * 28;

    private final Scheduler imageScheduler;

    public CvaeOperations(Scheduler imageScheduler) {
        this.imageScheduler = imageScheduler;
    }

    public Mono<Generated> generate(Generate cmd) {
        ServedModel model = cmd.model();
        int n = cmd.count();
        float[] z = cmd.latents() != null ? cmd.latents() : LatentSampler.sample(cmd.seed(), n, model.latentDim(), cmd.temperature());
        return handOffIfLarge(decode(model, z, repeat(cmd.condition(), n), n, cmd.deadlineNanos()), n * model.image().pixels())
                .map(pixels -> new Generated(model, cmd.seed(), images(pixels, n, model, cmd.format()), z));
    }

    public Mono<Encoded> encode(Encode cmd) {
        ServedModel model = cmd.model();
        return posterior(model, cmd.pixels(), cmd.condition(), cmd.deadlineNanos()).flatMap(out -> {
            float[] mu = out.get("mu");
            float[] logvar = out.get("logvar");
            if (!cmd.reconstruct()) return Mono.just(new Encoded(model, mu, logvar, null));
            return handOffIfLarge(decode(model, mu, cmd.condition(), 1, cmd.deadlineNanos()), model.image().pixels())
                    .map(px -> new Encoded(model, mu, logvar, ImageCodec.encode(px, 0, model.image(), cmd.format())));
        });
    }

    /**
     * Frames in order; they are decoded in batches of at most the decoder's maximum batch size and each batch's
     * frames are emitted as soon as it is computed.
     */
    public Flux<Frame> interpolate(Interpolate cmd) {
        ServedModel model = cmd.model();
        return Mono.zip(latent(model, cmd.start(), cmd.deadlineNanos()), latent(model, cmd.end(), cmd.deadlineNanos()))
                .flatMapMany(ends -> {
                    int steps = cmd.steps();
                    int dim = model.latentDim();
                    int k = model.conditionSize();
                    float[] z = new float[steps * dim];
                    float[] c = new float[steps * k];
                    for (int i = 0; i < steps; i++) {
                        float t = LatentPath.position(i, steps);
                        float[] zi = cmd.spherical() ? LatentPath.spherical(ends.getT1(), ends.getT2(), t)
                                : LatentPath.linear(ends.getT1(), ends.getT2(), t);
                        System.arraycopy(zi, 0, z, i * dim, dim);
                        System.arraycopy(LatentPath.linear(cmd.start().condition(), cmd.end().condition(), t), 0, c, i * k, k);
                    }
                    int chunk = model.decoder().policy().maxBatch();
                    return Flux.range(0, (steps + chunk - 1) / chunk).concatMap(part -> {
                        int from = part * chunk;
                        int rows = Math.min(chunk, steps - from);
                        float[] zp = Arrays.copyOfRange(z, from * dim, (from + rows) * dim);
                        float[] cp = Arrays.copyOfRange(c, from * k, (from + rows) * k);
                        // by the whole answer's size: its frames are gathered downstream on the thread of the last chunk
                        return handOffIfLarge(decode(model, zp, cp, rows, cmd.deadlineNanos()), steps * model.image().pixels())
                                .flatMapIterable(px -> {
                                    List<Frame> frames = new ArrayList<>(rows);
                                    int size = model.image().pixels();
                                    for (int r = 0; r < rows; r++) {
                                        int i = from + r;
                                        frames.add(new Frame(i, LatentPath.position(i, steps),
                                                ImageCodec.encode(px, r * size, model.image(), cmd.format()),
                                                Arrays.copyOfRange(zp, r * dim, (r + 1) * dim),
                                                Arrays.copyOfRange(cp, r * k, (r + 1) * k)));
                                    }
                                    return frames;
                                });
                    });
                });
    }

    /**
     * Each output of the network, {@code rows * width} values, by output name. Like images, an answer of at most
     * {@value #IN_PLACE_PIXELS} values is built on the worker, a larger one on the image scheduler.
     */
    public Mono<Map<String, float[]>> infer(Infer cmd) {
        Batcher batcher = cmd.network().batcher(cmd.model());
        int values = 0;
        for (var port : batcher.outputs()) values += cmd.rows() * port.width();
        return handOffIfLarge(run(batcher, cmd.inputs(), cmd.rows(), cmd.deadlineNanos()), values);
    }

    /** Outputs where their answer is best built: on the worker that computed them when few, else on the image scheduler. */
    private <T> Mono<T> handOffIfLarge(Mono<T> computed, int values) {
        return values <= IN_PLACE_PIXELS ? computed : computed.publishOn(imageScheduler);
    }

    private Mono<float[]> latent(ServedModel model, Commands.Endpoint end, long deadlineNanos) {
        Point p = end.point();
        if (p instanceof Point.Latent l) return Mono.just(l.z());
        if (p instanceof Point.Seed s) return Mono.just(LatentSampler.sample(s.seed(), 1, model.latentDim()));
        return posterior(model, ((Point.Pixels) p).pixels(), end.condition(), deadlineNanos).map(out -> out.get("mu"));
    }

    private static Mono<float[]> decode(ServedModel model, float[] z, float[] c, int rows, long deadlineNanos) {
        return run(model.decoder(), Map.of("z", z, "c", c), rows, deadlineNanos).map(out -> out.get("x_hat"));
    }

    private static Mono<Map<String, float[]>> posterior(ServedModel model, float[] x, float[] c, long deadlineNanos) {
        return run(model.encoder(), Map.of("x", x, "c", c), 1, deadlineNanos);
    }

    /** Submits on subscription; cancelling the Mono cancels the rows still queued. */
    private static Mono<Map<String, float[]>> run(Batcher batcher, Map<String, float[]> inputs, int rows, long deadlineNanos) {
        return Mono.fromFuture(() -> batcher.submit(inputs, rows, deadlineNanos), false);
    }

    private static List<EncodedImage> images(float[] pixels, int n, ServedModel model, ImageFormat format) {
        int size = model.image().pixels();
        List<EncodedImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(ImageCodec.encode(pixels, i * size, model.image(), format));
        return out;
    }

    private static float[] repeat(float[] row, int n) {
        float[] out = new float[row.length * n];
        for (int i = 0; i < n; i++) System.arraycopy(row, 0, out, i * row.length, row.length);
        return out;
    }
}
