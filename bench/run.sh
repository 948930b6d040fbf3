#!/usr/bin/env bash
# bench/run.sh: benchmark cvae-server against its limits. Builds what it runs when needed (./mvnw).
#   bench/run.sh [--quick]        a few short runs; exits 1 if a key ratio regressed against bench/baseline.json (CI)
#   bench/run.sh --full           everything; writes docs/benchmarks.md and docs/benchmarks/*.png (about 45 minutes on 2 cores)
#   bench/run.sh --soak 1h        the mixed load at a fixed rate for an hour, RSS every minute; writes docs/benchmarks-soak.md
#   bench/run.sh --profile        async-profiler on the server and the echo under 64 streams; writes docs/benchmarks-profile.md
# Other options: --skip-training, --warmup, --duration, --help.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/lib/ensure-built.sh"
# bench -am builds the server and client jars it runs as well
ensure_built "$root" bench "$root/bench/target/cvae-bench.jar" "$root/bench/src/main" "$root/server/src/main" "$root/server/pom.xml" \
  "$root/client-cli/src/main" "$root/client-cli/pom.xml" "$root/proto/src" "$root/proto/pom.xml"
full="" skip_training=""
for arg in "$@"; do
  case "$arg" in
    --full) full=1 ;;
    --skip-training) skip_training=1 ;;
  esac
done
if [[ -n "$full" && -z "$skip_training" ]]; then
  # built now, so that the training epoch does not wait for a build
  ensure_built "$root" trainer "$root/trainer/target/cvae-trainer.jar" "$root/trainer/src/main"
fi
cd "$root"
exec java ${CVAE_BENCH_JAVA_OPTS:-} -cp "$root/bench/target/cvae-bench.jar" dev.cvae.bench.BenchSuiteCommand --root "$root" "$@"
