package dev.cvae.trainer.judge;

import dev.cvae.trainer.data.LabelledImages;
import java.util.Random;

/**
 * Bounds on the test log-likelihood of an exported model, in nats per image, computed with its ONNX files:
 * <ul>
 *   <li>{@link #elbo}: the negative ELBO as the trainer and docs/training-results.md define it, the Bernoulli
 *       negative log-likelihood of the pixels summed over pixels at one posterior sample z = mu + sigma * eps,
 *       plus the analytic KL(q(z|x,c) || N(0, I)); also the same sample's Monte Carlo estimate
 *       {@code -(log p(x|z) + log p(z) - log q(z|x,c))};</li>
 *   <li>{@link #iwae}: the importance-weighted bound of Burda et al. with k samples,
 *       {@code -log (1/k) sum_i p(x|z_i) p(z_i) / q(z_i|x,c)}, computed with log-sum-exp. It is never looser than
 *       the ELBO in expectation and tightens as k grows, so a change that trades ELBO for obedience is judged on it.</li>
 * </ul>
 * Both draw eps image by image, sample by sample, from {@code new Random(seed)}, so that the IWAE with k = 1 and
 * the ELBO's Monte Carlo estimate see the same samples. The pixel log-likelihoods come from the decoder's logits l
 * ({@link OnnxCvae#decodeLogits}), as in the trainer: {@code x l - softplus(l)}, which never overflows.
 */
public final class LikelihoodBound {
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final int DECODER_ROWS = 1024;

    private LikelihoodBound() {
    }

    /**
     * @param rec        mean Bernoulli negative log-likelihood at one posterior sample
     * @param kl         mean analytic KL to the prior
     * @param negElboMc  mean of {@code -(log p(x|z) + log p(z) - log q(z|x,c))} at the same sample
     */
    public record Elbo(int images, double rec, double kl, double negElboMc) {
        public double negElbo() {
            return rec + kl;
        }
    }

    /** @param negIwae mean negative importance-weighted bound over the images */
    public record Iwae(int images, int k, double negIwae) {
    }

    public static Elbo elbo(OnnxCvae cvae, LabelledImages data, long seed) {
        check(cvae, data);
        Random rng = new Random(seed);
        int latent = cvae.model().latentDim();
        double rec = 0;
        double kl = 0;
        double mc = 0;
        for (int from = 0; from < data.size(); from += DECODER_ROWS) {
            int n = Math.min(DECODER_ROWS, data.size() - from);
            Rows rows = Rows.of(data, from, n);
            OnnxCvae.Posterior q = cvae.encode(rows.x, rows.c, n);
            float[] eps = gaussian(rng, n * latent);
            float[] z = new float[n * latent];
            for (int i = 0; i < z.length; i++) z[i] = q.mu()[i] + (float) Math.exp(0.5 * q.logvar()[i]) * eps[i];
            float[] p = cvae.decodeLogits(z, rows.c, n);
            for (int i = 0; i < n; i++) {
                double logPx = logLikelihood(rows.x, i, p, i, rows.pixels);
                double analyticKl = 0;
                for (int l = i * latent; l < (i + 1) * latent; l++) {
                    analyticKl += -0.5 * (1 + q.logvar()[l] - q.mu()[l] * q.mu()[l] - Math.exp(q.logvar()[l]));
                }
                rec -= logPx;
                kl += analyticKl;
                mc -= logPx + logPriorOverPosterior(z, eps, q.logvar(), i * latent, latent);
            }
        }
        return new Elbo(data.size(), rec / data.size(), kl / data.size(), mc / data.size());
    }

    public static Iwae iwae(OnnxCvae cvae, LabelledImages data, int k, long seed) {
        check(cvae, data);
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        Random rng = new Random(seed);
        int latent = cvae.model().latentDim();
        int imagesPerCall = Math.max(1, DECODER_ROWS / k);
        double sum = 0;
        for (int from = 0; from < data.size(); from += imagesPerCall) {
            int n = Math.min(imagesPerCall, data.size() - from);
            Rows rows = Rows.of(data, from, n);
            OnnxCvae.Posterior q = cvae.encode(rows.x, rows.c, n);
            float[] eps = gaussian(rng, n * k * latent);
            float[] z = new float[eps.length];
            float[] c = new float[n * k * rows.condition];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < k; s++) {
                    int row = i * k + s;
                    for (int l = 0; l < latent; l++) {
                        int src = i * latent + l;
                        z[row * latent + l] = q.mu()[src] + (float) Math.exp(0.5 * q.logvar()[src]) * eps[row * latent + l];
                    }
                    System.arraycopy(rows.c, i * rows.condition, c, row * rows.condition, rows.condition);
                }
            }
            float[] p = cvae.decodeLogits(z, c, n * k);
            float[] logvarPerSample = new float[eps.length];
            for (int row = 0; row < n * k; row++) System.arraycopy(q.logvar(), (row / k) * latent, logvarPerSample, row * latent, latent);
            for (int i = 0; i < n; i++) {
                double[] logW = new double[k];
                for (int s = 0; s < k; s++) {
                    int row = i * k + s;
                    logW[s] = logLikelihood(rows.x, i, p, row, rows.pixels)
                            + logPriorOverPosterior(z, eps, logvarPerSample, row * latent, latent);
                }
                sum -= logSumExp(logW) - Math.log(k);
            }
        }
        return new Iwae(data.size(), k, sum / data.size());
    }

    /** log p(x|z): Bernoulli log-likelihood of image {@code xRow} of x under logits row {@code lRow}, summed over pixels. */
    static double logLikelihood(float[] x, int xRow, float[] logits, int lRow, int pixels) {
        double sum = 0;
        int xb = xRow * pixels;
        int lb = lRow * pixels;
        for (int j = 0; j < pixels; j++) {
            double l = logits[lb + j];
            sum += l * x[xb + j] - Math.max(l, 0) - Math.log1p(Math.exp(-Math.abs(l)));
        }
        return sum;
    }

    /** log N(z; 0, I) - log N(z; mu, sigma^2) for one sample, where (z - mu) / sigma = eps. */
    private static double logPriorOverPosterior(float[] z, float[] eps, float[] logvar, int offset, int latent) {
        double sum = 0;
        for (int l = offset; l < offset + latent; l++) {
            sum += -0.5 * ((double) z[l] * z[l] + LOG_2PI) + 0.5 * ((double) eps[l] * eps[l] + logvar[l] + LOG_2PI);
        }
        return sum;
    }

    static double logSumExp(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) max = Math.max(max, v);
        if (max == Double.NEGATIVE_INFINITY) return max;
        double sum = 0;
        for (double v : values) sum += Math.exp(v - max);
        return max + Math.log(sum);
    }

    private static float[] gaussian(Random rng, int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float) rng.nextGaussian();
        return values;
    }

    private static void check(OnnxCvae cvae, LabelledImages data) {
        ExportedModel model = cvae.model();
        if (data.shape().size() != model.image().size() || data.conditionSize() != model.conditioningSize()) {
            throw new IllegalArgumentException("the data's images are " + data.shape() + " with conditioning vectors of "
                    + data.conditionSize() + ", but " + model.name() + " takes " + model.image() + " and " + model.conditioningSize());
        }
        if (!"bernoulli".equals(model.outputDistribution())) {
            throw new IllegalArgumentException(model.name() + " has a " + model.outputDistribution()
                    + " output distribution; the bounds here are for Bernoulli decoders only");
        }
    }

    /** Images [n, pixels] and conditioning vectors [n, size] of data[from, from + n). */
    private record Rows(float[] x, float[] c, int pixels, int condition) {
        static Rows of(LabelledImages data, int from, int n) {
            int d = data.shape().size();
            int k = data.conditionSize();
            float[] x = new float[n * d];
            float[] c = new float[n * k];
            for (int i = 0; i < n; i++) {
                data.copyPixels(from + i, x, i * d);
                data.copyCondition(from + i, c, i * k);
            }
            return new Rows(x, c, d, k);
        }
    }
}
