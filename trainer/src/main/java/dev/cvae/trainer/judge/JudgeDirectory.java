package dev.cvae.trainer.judge;

import dev.cvae.trainer.data.ImageShape;
import dev.cvae.trainer.export.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A strong judge on disk: {@code judges/NAME/} holds {@value #WEIGHTS} (DL4J's model format) and
 * {@link JudgeCard#FILE_NAME}. Judges live apart from {@code models/}, which the server serves, and nothing in
 * the CVAE's training reads them.
 */
public final class JudgeDirectory {
    public static final String WEIGHTS = "judge.zip";

    private JudgeDirectory() {
    }

    /** A judge read back from its directory, with its card. */
    public record Loaded(CnnJudge judge, JudgeCard card) {
    }

    /**
     * Writes the weights and then the card, whose {@code weights} entry is filled in here. The weights file is
     * written to a temporary name first, so that a card never describes a half-written file.
     */
    public static JudgeCard write(Path directory, CnnJudge judge, JudgeCard card) {
        try {
            Files.createDirectories(directory);
            Path temp = directory.resolve("." + WEIGHTS + ".tmp");
            judge.save(temp);
            String sha = Sha256.hex(Files.readAllBytes(temp));
            Files.move(temp, directory.resolve(WEIGHTS), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            JudgeCard written = new JudgeCard(card.formatVersion(), card.dataset(), card.dataDirectory(), card.dataSha256(),
                    card.labelNames(), card.image(), card.architecture(), card.parameters(),
                    new JudgeCard.Weights(WEIGHTS, sha), card.training(), card.epochs(), card.test(), card.createdAt());
            Files.write(directory.resolve(JudgeCard.FILE_NAME), written.toJson());
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write judge directory " + directory, e);
        }
    }

    /** Reads the card, checks the weights file against its SHA-256 and loads the network. */
    public static Loaded load(Path directory) {
        Path cardFile = directory.resolve(JudgeCard.FILE_NAME);
        if (!Files.isRegularFile(cardFile)) {
            throw new IllegalArgumentException("--judge " + directory + ": no " + JudgeCard.FILE_NAME
                    + " (expected a directory written by 'judge train')");
        }
        try {
            JudgeCard card = JudgeCard.fromJson(Files.readAllBytes(cardFile));
            Path weights = directory.resolve(card.weights().file());
            String sha = Sha256.hex(Files.readAllBytes(weights));
            if (!sha.equals(card.weights().sha256())) {
                throw new IllegalArgumentException(weights + " has SHA-256 " + sha + ", its card says " + card.weights().sha256());
            }
            ImageShape shape = new ImageShape(card.image().channels(), card.image().height(), card.image().width());
            return new Loaded(CnnJudge.load(weights, shape, card.labelNames().size()), card);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read judge directory " + directory, e);
        }
    }
}
