package dev.cvae.trainer.judge.cli;

import dev.cvae.trainer.data.IdxDataset;
import dev.cvae.trainer.judge.CnnJudge;
import dev.cvae.trainer.judge.DataFingerprint;
import dev.cvae.trainer.judge.EnsembleCard;
import dev.cvae.trainer.judge.JudgeCard;
import dev.cvae.trainer.judge.JudgeDirectory;
import dev.cvae.trainer.judge.JudgeEnsemble;
import dev.cvae.trainer.judge.LabelAccuracy;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cvae-train judge ensemble DIR}: makes one judge of the judge directories right below {@code DIR} (each
 * written by {@code judge train}), which averages their class probabilities, measures it and each member on the
 * real test images, and writes {@code DIR/ensemble.json}; {@code --judge DIR} then uses the ensemble.
 */
@Command(name = "ensemble", mixinStandardHelpOptions = true,
        description = "Make one judge of the judges trained into the directories right below DIR: it averages their class "
                + "probabilities. Writes DIR/ensemble.json with the test accuracy of each member and of the whole.")
public final class EnsembleJudgeCommand implements Callable<Integer> {
    private final PrintStream log;

    @Spec
    CommandSpec spec;

    public EnsembleJudgeCommand(PrintStream log) {
        this.log = log;
    }

    @Parameters(index = "0", paramLabel = "DIR", description = "Directory holding two or more judge directories.")
    Path directory;

    @Option(names = "--data", paramLabel = "DIR", description = "The judges' data where it is not where their cards say.")
    Path data;

    @Override
    public Integer call() {
        List<String> names = JudgeDirectory.memberNames(directory);
        if (names.size() < 2) {
            throw new IllegalArgumentException(directory + ": an ensemble needs at least 2 judge directories below it, found "
                    + names.size() + (names.isEmpty() ? "" : " (" + names.get(0) + ")"));
        }
        JudgeDirectory.Loaded ensemble = JudgeDirectory.ensemble(directory, names);
        JudgeCard card = ensemble.card();
        Path dataDir = data != null ? data : Path.of(card.dataDirectory());
        DataFingerprint.check(dataDir, card.dataSha256());
        IdxDataset dataset = IdxDataset.load(dataDir, card.labelNames().size());
        List<EnsembleCard.Member> members = new ArrayList<>();
        List<CnnJudge> loaded = ((JudgeEnsemble) ensemble.judge()).members();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            double accuracy = LabelAccuracy.of(loaded.get(i), dataset.test()).overall();
            members.add(new EnsembleCard.Member(name, accuracy));
            log.printf("judge %-24s test accuracy %.4f%n", name, accuracy);
        }
        LabelAccuracy test = LabelAccuracy.of(ensemble.judge(), dataset.test());
        Map<String, Double> perLabel = new LinkedHashMap<>();
        for (int label = 0; label < card.labelNames().size(); label++) perLabel.put(card.labelNames().get(label), test.of(label));
        JudgeDirectory.writeEnsemble(directory, new EnsembleCard(EnsembleCard.FORMAT_VERSION, members,
                new JudgeCard.TestAccuracy(dataset.test().size(), test.overall(), perLabel), JudgeCommand.recordedCommand(spec),
                Instant.now().toString()));
        log.printf("ensemble of %d: test accuracy %.4f; per label:%n", names.size(), test.overall());
        perLabel.forEach((name, acc) -> log.printf("  %-12s %.4f%n", name, acc));
        log.printf("judge: wrote %s%n", directory.resolve(EnsembleCard.FILE_NAME));
        return JudgeCommand.EXIT_OK;
    }
}
