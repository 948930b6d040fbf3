package dev.cvae.client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import picocli.CommandLine;

/** Weights of the operations a load run sends, e.g. {@code generate=8,encode=1,interpolate=1}. */
record OperationMix(int generate, int encode, int interpolate) {
    enum Operation { GENERATE, ENCODE, INTERPOLATE }

    static OperationMix parse(String text, CommandLine cli) {
        Map<String, Integer> weights = new LinkedHashMap<>(Map.of("generate", 0, "encode", 0, "interpolate", 0));
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=");
            if (kv.length != 2 || !weights.containsKey(kv[0].trim())) {
                throw new CommandLine.ParameterException(cli, "--mix: '" + part + "' is not generate=N, encode=N or interpolate=N");
            }
            try {
                int w = Integer.parseInt(kv[1].trim());
                if (w < 0) throw new NumberFormatException();
                weights.put(kv[0].trim(), w);
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(cli, "--mix: weight '" + kv[1] + "' is not a whole number >= 0");
            }
        }
        OperationMix mix = new OperationMix(weights.get("generate"), weights.get("encode"), weights.get("interpolate"));
        if (mix.total() == 0) throw new CommandLine.ParameterException(cli, "--mix: at least one weight must be > 0");
        return mix;
    }

    int total() {
        return generate + encode + interpolate;
    }

    Operation pick(SplittableRandom rng) {
        int r = rng.nextInt(total());
        if (r < generate) return Operation.GENERATE;
        return r < generate + encode ? Operation.ENCODE : Operation.INTERPOLATE;
    }
}
