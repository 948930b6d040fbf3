#!/usr/bin/env bash
# Coverage-guided fuzzing of the server's input handling with Jazzer (README, "Fuzzing").
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  how long each target fuzzes (default 10: the bounded run CI does)
#   TARGET   Class#method of a @FuzzTest in server/ (default: all of them)
# Extra Maven flags go in MVNW_FLAGS, e.g. MVNW_FLAGS=-o for an offline run.
#
# Jazzer fuzzes one test per JVM, so each target gets its own Maven run. A finding (an exception other than the
# clean invalid-input ones, or an Error) stops that target, fails this script, and is saved as crash-<sha1> in the
# target's inputs directory under server/src/test/resources/; plain `./mvnw verify` replays those inputs, so
# commit it with the fix. The generated corpus stays in server/.cifuzz-corpus/ (ignored by git) and makes the
# next run start where this one stopped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${1:-10}"
shift || true
targets=("$@")
if (( ${#targets[@]} == 0 )); then
  targets=(
    RequestFuzzTest#streamRequestsBecomeCommandsOrInvalidArguments
    RequestFuzzTest#modelInferRequestsBecomeCommandsOrInvalidArguments
    ImageCodecFuzzTest#pngBytesDecodeToPixelsOrAnInvalidImage
    ImageCodecFuzzTest#rawBytesDecodeToPixelsOrAnInvalidImage
    ModelDescriptorFuzzTest#modelJsonBytesBecomeADescriptorOrAnInvalidModel
    JsonRequestFuzzTest#jsonBodiesBecomeCommandsOrInvalidArguments
  )
fi

for target in "${targets[@]}"; do
  echo "fuzz: $target for ${seconds}s"
  # -max_total_time overrides the @FuzzTest's maxDuration (the last libFuzzer flag wins); the JDK's PNG decoder
  # is instrumented too, so that coverage guides the PNG target through it and not only through our checks.
  JAZZER_FUZZ=1 ./mvnw -B -q ${MVNW_FLAGS:-} test -pl server -am -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
    '-Djazzer.instrument=dev.cvae.**,com.sun.imageio.plugins.png.**,javax.imageio.**' 2>&1 \
    | sed -u '/^INFO: Instrumented /d; /^INFO: Loaded [0-9]* hooks /d'
done
