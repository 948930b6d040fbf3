package dev.cvae.trainer.model;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * The CVAE training graph in SameDiff.
 *
 * <p>Loss per batch: {@code rec + kl_term + auxWeight * aux} where
 * <ul>
 *   <li>{@code rec}: the negative log-likelihood of the pixels summed over pixels, averaged over the batch:
 *       Bernoulli (BCE) computed from logits as {@code relu(l) - l*x + log1p(exp(-|l|))}, which never
 *       overflows, or Gaussian with a fixed sigma around {@code sigmoid(l)};</li>
 *   <li>{@code kl_term}: {@code kl_weight * kl}, where {@code kl_weight} is fed per batch (warm-up); with free
 *       bits, each latent dimension's batch-mean KL counts as at least that many nats;</li>
 *   <li>{@code kl}: KL(q(z|x,c) || N(0, I)) summed over latent dimensions, averaged over the batch;</li>
 *   <li>{@code aux}: cross-entropy of a frozen classifier asked to recognise the requested label
 *       {@code c_sample} in images decoded from prior samples {@code z_sample}. It makes the decoder use its
 *       label, instead of letting the latent vector carry the class (label leakage).</li>
 * </ul>
 * {@code neg_elbo = rec + kl} is the model's negative ELBO in nats per image.
 *
 * <p>All noise (eps, prior samples, their labels) comes in through placeholders, so the caller's seeded
 * random source alone decides a run. Not thread-safe.
 */
public final class CvaeGraph {
    public static final String EPS = "eps";
    public static final String Z_SAMPLE = "z_sample";
    public static final String C_SAMPLE = "c_sample";
    public static final String X_SAMPLE = "x_sample";
    public static final String REC = "rec";
    public static final String KL = "kl";
    public static final String NEG_ELBO = "neg_elbo";
    public static final String AUX = "aux";
    public static final String LOSS = "loss";
    /** The KL term as the loss uses it: weighted, and with free bits when they are on. */
    public static final String KL_TERM = "kl_term";
    /** The KL weight of this step (scalar), fed with every batch so that it can be warmed up. */
    public static final String KL_WEIGHT = "kl_weight";

    /** One-hot primary labels of the prior samples, which the auxiliary classifier must recognise. */
    public static final String AUX_TARGET = "aux_target";

    /** Placeholders fed by every training batch, in MultiDataSet feature order; with the auxiliary loss, {@link #AUX_TARGET} follows. */
    public static final List<String> TRAINING_INPUTS =
            List.of(CvaeArchitecture.X, CvaeArchitecture.C, EPS, Z_SAMPLE, C_SAMPLE, KL_WEIGHT);

    private final CvaeArchitecture architecture;
    private final SameDiff sd;
    private final SameDiffNetwork encoder;
    private final SameDiffNetwork decoder;
    private final boolean hasAux;

    private CvaeGraph(CvaeArchitecture architecture, SameDiff sd, SameDiffNetwork encoder, SameDiffNetwork decoder,
                      boolean hasAux) {
        this.architecture = architecture;
        this.sd = sd;
        this.encoder = encoder;
        this.decoder = decoder;
        this.hasAux = hasAux;
    }

    /** {@link #build(CvaeArchitecture, LearningRate, LossSpec, FrozenNetwork, long)} with a constant step size. */
    public static CvaeGraph build(CvaeArchitecture arch, double learningRate, LossSpec lossSpec,
                                  FrozenNetwork auxClassifier, long seed) {
        return build(arch, LearningRate.constant(learningRate), lossSpec, auxClassifier, seed);
    }

    /**
     * Builds the graph with weights drawn from {@code seed}, trained with Adam at {@code learningRate}.
     *
     * @param auxClassifier frozen classifier over decoded images (input [N, pixels], one head of K logits);
     *                      required when {@code auxWeight > 0}, ignored otherwise
     */
    public static CvaeGraph build(CvaeArchitecture arch, LearningRate learningRate, LossSpec lossSpec,
                                  FrozenNetwork auxClassifier, long seed) {
        double auxWeight = lossSpec.auxWeight();
        if (auxWeight > 0 && auxClassifier == null) {
            throw new IllegalArgumentException("auxWeight " + auxWeight + " needs an auxiliary classifier");
        }
        SameDiff sd = SameDiff.create();
        Random rng = new Random(seed);
        SameDiffNetwork encoder = SameDiffNetwork.trainable(sd, arch.encoder(), rng);
        SameDiffNetwork decoder = SameDiffNetwork.trainable(sd, arch.decoder(), rng);

        int d = arch.pixelCount();
        int k = arch.conditionSize();
        int l = arch.latentDim();
        SDVariable x = sd.placeHolder(CvaeArchitecture.X, DataType.FLOAT, -1, d);
        SDVariable c = sd.placeHolder(CvaeArchitecture.C, DataType.FLOAT, -1, k);
        SDVariable eps = sd.placeHolder(EPS, DataType.FLOAT, -1, l);
        SDVariable zSample = sd.placeHolder(Z_SAMPLE, DataType.FLOAT, -1, l);
        SDVariable cSample = sd.placeHolder(C_SAMPLE, DataType.FLOAT, -1, k);
        SDVariable klWeight = sd.placeHolder(KL_WEIGHT, DataType.FLOAT);

        SameDiffNetwork.Applied enc = encoder.apply(List.of(x, c));
        SDVariable mu = sd.identity(CvaeArchitecture.MU, enc.outputs().get(CvaeArchitecture.MU));
        SDVariable logvar = sd.identity(CvaeArchitecture.LOGVAR, enc.outputs().get(CvaeArchitecture.LOGVAR));
        SDVariable z = mu.add(sd.math.exp(logvar.mul(0.5)).mul(eps));

        SDVariable logits = decoder.apply(List.of(z, c)).logits().get(CvaeArchitecture.X_HAT);
        SDVariable rec = sd.identity(REC, reconstruction(sd, lossSpec, logits, x).sum(1).mean());
        SDVariable kl = sd.identity(KL, logvar.add(1.0).sub(mu.mul(mu)).sub(sd.math.exp(logvar)).sum(1).mean().mul(-0.5));
        sd.identity(NEG_ELBO, rec.add(kl));
        SDVariable klObjective = kl;
        if (lossSpec.freeBits() > 0) {
            // per latent dimension: the batch-mean KL, but never less than freeBits nats
            double fb = lossSpec.freeBits();
            SDVariable perDim = logvar.add(1.0).sub(mu.mul(mu)).sub(sd.math.exp(logvar)).mean(0).mul(-0.5);
            klObjective = sd.nn.relu(perDim.sub(fb), 0.0).add(fb).sum();
        }
        SDVariable klTerm = sd.identity(KL_TERM, klObjective.mul(klWeight));

        SDVariable xSample = sd.identity(X_SAMPLE,
                decoder.apply(List.of(zSample, cSample)).outputs().get(CvaeArchitecture.X_HAT));
        SDVariable loss = rec.add(klTerm);
        boolean hasAux = auxWeight > 0;
        if (hasAux) {
            SameDiffNetwork classifier = SameDiffNetwork.frozen(sd, auxClassifier.spec(), auxClassifier.weights());
            SDVariable classLogits = classifier.apply(List.of(xSample)).logits().values().iterator().next();
            SDVariable target = sd.placeHolder(AUX_TARGET, DataType.FLOAT, -1, auxClassifier.spec().outputs().get(0).size());
            // written out, not sd.loss.softmaxCrossEntropy: SameDiff 1.0.0-M2.1 sends no gradient back through that
            // loss op's output when it is one term of a sum, so the decoder never felt this loss (LossTermsTest)
            SDVariable shifted = classLogits.sub(classLogits.max(true, 1));
            SDVariable logProbabilities = shifted.sub(sd.math.log(sd.math.exp(shifted).sum(true, 1)));
            SDVariable aux = sd.identity(AUX, target.mul(logProbabilities).sum(1).mean().neg());
            loss = loss.add(aux.mul(auxWeight));
        }
        sd.identity(LOSS, loss);
        sd.setLossVariables(LOSS);
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(learningRate.adam())
                .dataSetFeatureMapping(featureMapping(auxWeight))
                .markLabelsUnused()
                .build());
        return new CvaeGraph(arch, sd, encoder, decoder, hasAux);
    }

    private static List<String> featureMapping(double auxWeight) {
        if (auxWeight <= 0) return TRAINING_INPUTS;
        List<String> inputs = new java.util.ArrayList<>(TRAINING_INPUTS);
        inputs.add(AUX_TARGET);
        return inputs;
    }

    /** Per-pixel negative log-likelihood [N, pixels] of the targets x under the decoder's logits. */
    private static SDVariable reconstruction(SameDiff sd, LossSpec spec, SDVariable logits, SDVariable x) {
        if (spec.reconstruction() == LossSpec.Reconstruction.BERNOULLI) {
            return sd.nn.relu(logits, 0.0).sub(logits.mul(x)).add(sd.math.log1p(sd.math.exp(sd.math.abs(logits).neg())));
        }
        double sigma = spec.gaussianSigma();
        SDVariable err = sd.nn.sigmoid(logits).sub(x);
        return err.mul(err).mul(0.5 / (sigma * sigma)).add(Math.log(sigma) + 0.5 * Math.log(2 * Math.PI));
    }

    /** The whole graph with weights, Adam state and iteration count, for a checkpoint. */
    public byte[] save() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        sd.save(out, true);
        return out.toByteArray();
    }

    /** A graph saved by {@link #save()}, ready to continue training exactly where it stopped. */
    public static CvaeGraph load(java.io.File file, CvaeArchitecture arch, boolean hasAux) {
        SameDiff sd = SameDiff.load(file, true);
        return new CvaeGraph(arch, sd, SameDiffNetwork.attach(sd, arch.encoder()), SameDiffNetwork.attach(sd, arch.decoder()), hasAux);
    }

    public CvaeArchitecture architecture() {
        return architecture;
    }

    public boolean hasAuxiliaryLoss() {
        return hasAux;
    }

    /** One optimiser step on a batch whose features follow {@link #TRAINING_INPUTS}. */
    public void fit(MultiDataSet batch) {
        sd.fit(batch);
    }

    /** Evaluates named outputs (for example {@link #REC}, {@link #KL}) for the given placeholders. */
    public Map<String, INDArray> output(Map<String, INDArray> placeholders, String... outputs) {
        return sd.output(placeholders, outputs);
    }

    /** Encoder outputs mu and logvar for images x and conditioning vectors c. */
    public Map<String, INDArray> encode(INDArray x, INDArray c) {
        return sd.output(Map.of(CvaeArchitecture.X, x, CvaeArchitecture.C, c), CvaeArchitecture.MU, CvaeArchitecture.LOGVAR);
    }

    /** Decoder probabilities for latent vectors z and conditioning vectors c. */
    public INDArray decode(INDArray z, INDArray c) {
        return sd.output(Map.of(Z_SAMPLE, z, C_SAMPLE, c), X_SAMPLE).get(X_SAMPLE);
    }

    /** Copies of the encoder's current weights, keyed by parameter name. */
    public Map<String, INDArray> encoderWeights() {
        return encoder.weights();
    }

    /** Puts back earlier weights (for example the best epoch's) into both networks. */
    public void restoreWeights(Map<String, INDArray> encoderWeights, Map<String, INDArray> decoderWeights) {
        encoder.restore(encoderWeights);
        decoder.restore(decoderWeights);
    }

    /** Copies of the decoder's current weights, keyed by parameter name. */
    public Map<String, INDArray> decoderWeights() {
        return decoder.weights();
    }
}
