package dev.cvae.trainer.judge;

import java.util.List;

/**
 * {@value #FILE_NAME}: the card of a judge directory whose judge is an ensemble ({@link JudgeEnsemble}) of the
 * judge directories below it, each with its own {@link JudgeCard}. It names the members and records the test
 * accuracy of each and of the ensemble, on the members' real test images.
 *
 * @param members the member directories, relative to this one, each with its accuracy on the test images
 * @param test    the ensemble's accuracy, overall and per label name
 * @param command the command that wrote this card
 */
public record EnsembleCard(int formatVersion, List<Member> members, JudgeCard.TestAccuracy test, String command, String createdAt) {
    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "ensemble.json";
    public EnsembleCard {
        if (formatVersion != FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion " + formatVersion + " is not " + FORMAT_VERSION);
        }
        if (members == null || members.size() < 2) throw new IllegalArgumentException("an ensemble needs at least 2 members");
        members = List.copyOf(members);
    }

    /** @param directory relative to the ensemble's directory */
    public record Member(String directory, double testAccuracy) {
    }

    public byte[] toJson() {
        return CardJson.write(this);
    }

    public static EnsembleCard fromJson(byte[] json) {
        return CardJson.read(json, EnsembleCard.class, FILE_NAME);
    }
}
