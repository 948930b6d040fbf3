package dev.cvae.server.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@link OnnxNetwork}s on the requested device. When the CUDA execution provider cannot be loaded (no
 * GPU, no CUDA, or the CPU build of ONNX Runtime), it says so in one line and falls back to the CPU.
 *
 * <p>Thread-safe.
 */
public final class SessionFactory {
    private static final Logger log = LoggerFactory.getLogger(SessionFactory.class);

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final ExecutionDevice requested;
    private final int intraOpThreads;
    private volatile ExecutionDevice effective;
    private volatile boolean fallbackReported;

    /** @param intraOpThreads ONNX Runtime threads per run; 0 lets ONNX Runtime choose */
    public SessionFactory(ExecutionDevice requested, int intraOpThreads) {
        this.requested = requested;
        this.intraOpThreads = intraOpThreads;
        this.effective = requested;
    }

    /** The device sessions actually run on: the requested one, or the CPU after a fallback. */
    public ExecutionDevice effectiveDevice() {
        return effective;
    }

    /** A network on its own session; the session options are freed once the session exists. */
    public OnnxNetwork open(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = options()) {
            return OnnxNetwork.load(env, model, options);
        }
    }

    private OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setInterOpNumThreads(1);
        if (intraOpThreads > 0) options.setIntraOpNumThreads(intraOpThreads);
        if (requested.kind() == ExecutionDevice.Kind.CUDA && effective.kind() == ExecutionDevice.Kind.CUDA) {
            try {
                options.addCUDA(requested.index());
            } catch (OrtException | UnsatisfiedLinkError | IllegalArgumentException e) {
                effective = ExecutionDevice.CPU_DEVICE;
                if (!fallbackReported) {
                    fallbackReported = true;
                    log.warn("CUDA execution provider for {} could not be loaded ({}); running on CPU. "
                            + "Build with -Pcuda on a machine with CUDA for GPU inference.", requested, e.getMessage());
                }
            }
        }
        return options;
    }
}
