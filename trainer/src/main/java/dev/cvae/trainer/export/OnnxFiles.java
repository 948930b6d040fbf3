package dev.cvae.trainer.export;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The two ONNX files of a model directory, as bytes. */
public record OnnxFiles(byte[] encoder, byte[] decoder) {
    public static final String ENCODER_FILE = "encoder.onnx";
    public static final String DECODER_FILE = "decoder.onnx";

    public OnnxFiles {
        if (encoder == null || decoder == null) throw new IllegalArgumentException("both networks must be given");
    }

    /**
     * The ONNX files among a model directory's {@code files} (as {@link ModelDirectoryWriter#readAll} reads them).
     *
     * @throws IllegalArgumentException when one of them or model.json is missing: {@code dir} is no model directory
     */
    public static OnnxFiles from(Map<String, byte[]> files, Path dir) {
        for (String required : List.of(ENCODER_FILE, DECODER_FILE, ModelManifest.FILE_NAME)) {
            if (!files.containsKey(required)) throw new IllegalArgumentException(dir + " has no " + required + "; is it a model directory?");
        }
        return new OnnxFiles(files.get(ENCODER_FILE), files.get(DECODER_FILE));
    }

    /** File name to content, encoder first. */
    public Map<String, byte[]> files() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(ENCODER_FILE, encoder);
        files.put(DECODER_FILE, decoder);
        return files;
    }
}
