package dev.cvae.trainer.judge;

import dev.cvae.trainer.data.ImageShape;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Several strong judges of the same images and labels as one CNN judge: each image gets the class whose
 * probability, averaged over the members, is highest. Members trained apart (other augmentation, other epochs)
 * err on different images, so the average is right more often than any one of them. Not thread-safe.
 */
public final class JudgeEnsemble implements Judge {
    private final List<CnnJudge> members;

    public JudgeEnsemble(List<CnnJudge> members) {
        if (members.size() < 2) throw new IllegalArgumentException("an ensemble needs at least 2 judges, got " + members.size());
        CnnJudge first = members.get(0);
        for (CnnJudge member : members) {
            if (!member.shape().equals(first.shape()) || member.classCount() != first.classCount()) {
                throw new IllegalArgumentException("the judges of an ensemble must read the same images into the same classes: "
                        + first.shape() + " into " + first.classCount() + " against " + member.shape() + " into " + member.classCount());
            }
        }
        this.members = List.copyOf(members);
    }

    public ImageShape shape() {
        return members.get(0).shape();
    }

    /** The member judges, in the order given. */
    public List<CnnJudge> members() {
        return members;
    }

    /** The same name as a single CNN's: the judge directory and its card say that it is an ensemble. */
    @Override
    public String name() {
        return "cnn";
    }

    @Override
    public int[] classify(INDArray pixels) {
        INDArray sum = members.get(0).probabilities(pixels);
        for (int i = 1; i < members.size(); i++) sum.addi(members.get(i).probabilities(pixels));
        return sum.argMax(1).toIntVector();
    }
}
