package dev.cvae.trainer.judge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The indented JSON of a judge directory's cards ({@link JudgeCard}, {@link EnsembleCard}). Thread-safe. */
final class CardJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CardJson() {
    }

    static byte[] write(Object card) {
        try {
            return JSON.writeValueAsBytes(card);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @param fileName the card's file name, for the message when the JSON is not a valid card */
    static <T> T read(byte[] json, Class<T> type, String fileName) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(fileName + " is not valid: " + e.getMessage(), e);
        }
    }
}
