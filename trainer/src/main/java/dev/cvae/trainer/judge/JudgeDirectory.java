package dev.cvae.trainer.judge;

import dev.cvae.trainer.data.ImageShape;
import dev.cvae.trainer.export.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A strong judge on disk: {@code judges/NAME/} holds {@value #WEIGHTS} (DL4J's model format) and
 * {@link JudgeCard#FILE_NAME}; or, for an ensemble ({@link JudgeEnsemble}), {@link EnsembleCard#FILE_NAME} and the
 * member judge directories it names below it. Judges live apart from {@code models/}, which the server serves, and
 * nothing in the CVAE's training reads them.
 */
public final class JudgeDirectory {
    public static final String WEIGHTS = "judge.zip";

    private JudgeDirectory() {
    }

    /**
     * A judge read back from its directory.
     *
     * @param card its card; for an ensemble the first member's, on whose labels, images and data all members agree
     * @param ensemble the ensemble's card, or null for a single CNN
     */
    public record Loaded(Judge judge, ImageShape shape, JudgeCard card, EnsembleCard ensemble) {
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
            Files.move(temp, directory.resolve(WEIGHTS), StandardCopyOption.REPLACE_EXISTING);
            JudgeCard written = new JudgeCard(card.formatVersion(), card.dataset(), card.dataDirectory(), card.dataSha256(),
                    card.labelNames(), card.image(), card.architecture(), card.parameters(),
                    new JudgeCard.Weights(WEIGHTS, sha), card.training(), card.epochs(), card.test(), card.createdAt());
            Files.write(directory.resolve(JudgeCard.FILE_NAME), written.toJson());
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write judge directory " + directory, e);
        }
    }

    /** Writes an ensemble's card beside the member directories it names (through a temporary file). */
    public static void writeEnsemble(Path directory, EnsembleCard card) {
        try {
            Path temp = directory.resolve("." + EnsembleCard.FILE_NAME + ".tmp");
            Files.write(temp, card.toJson());
            Files.move(temp, directory.resolve(EnsembleCard.FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + EnsembleCard.FILE_NAME + " in " + directory, e);
        }
    }

    /** The names of the judge directories right below {@code directory} (those with a judge card), sorted. */
    public static List<String> memberNames(Path directory) {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(d -> Files.isRegularFile(d.resolve(JudgeCard.FILE_NAME)))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /**
     * The single CNN judges {@code names} below {@code directory} as one ensemble; they must agree on their labels,
     * images and data (by the SHA-256 of each file), since they are asked the same questions.
     */
    public static Loaded ensemble(Path directory, List<String> names) {
        List<Loaded> members = names.stream().map(name -> load(directory.resolve(name))).toList();
        JudgeCard first = members.get(0).card();
        for (int i = 0; i < members.size(); i++) {
            Loaded member = members.get(i);
            if (member.ensemble() != null) throw new IllegalArgumentException(directory.resolve(names.get(i)) + " is itself an ensemble");
            JudgeCard card = member.card();
            if (!card.labelNames().equals(first.labelNames()) || !card.image().equals(first.image())
                    || !card.dataSha256().equals(first.dataSha256())) {
                throw new IllegalArgumentException("judge " + directory.resolve(names.get(i)) + " was trained on other labels, images or data than "
                        + directory.resolve(names.get(0)) + ": " + card.labelNames() + " " + card.image() + " against "
                        + first.labelNames() + " " + first.image());
            }
        }
        JudgeEnsemble judge = new JudgeEnsemble(members.stream().map(m -> (CnnJudge) m.judge()).toList());
        return new Loaded(judge, judge.shape(), first, null);
    }

    /** Reads the card (or the ensemble's and its members'), checks each weights file against its SHA-256 and loads. */
    public static Loaded load(Path directory) {
        Path cardFile = directory.resolve(JudgeCard.FILE_NAME);
        Path ensembleFile = directory.resolve(EnsembleCard.FILE_NAME);
        try {
            if (!Files.isRegularFile(cardFile) && Files.isRegularFile(ensembleFile)) {
                EnsembleCard ensemble = EnsembleCard.fromJson(Files.readAllBytes(ensembleFile));
                Loaded members = ensemble(directory, ensemble.members().stream().map(EnsembleCard.Member::directory).toList());
                return new Loaded(members.judge(), members.shape(), members.card(), ensemble);
            }
            if (!Files.isRegularFile(cardFile)) {
                throw new IllegalArgumentException("--judge " + directory + ": no " + JudgeCard.FILE_NAME + " or "
                        + EnsembleCard.FILE_NAME + " (expected a directory written by 'judge train' or 'judge ensemble')");
            }
            JudgeCard card = JudgeCard.fromJson(Files.readAllBytes(cardFile));
            Path weights = directory.resolve(card.weights().file());
            String sha = Sha256.hex(Files.readAllBytes(weights));
            if (!sha.equals(card.weights().sha256())) {
                throw new IllegalArgumentException(weights + " has SHA-256 " + sha + ", its card says " + card.weights().sha256());
            }
            ImageShape shape = new ImageShape(card.image().channels(), card.image().height(), card.image().width());
            return new Loaded(CnnJudge.load(weights, shape, card.labelNames().size()), shape, card, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read judge directory " + directory, e);
        }
    }
}
