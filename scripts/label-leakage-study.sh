#!/usr/bin/env bash
# Label leakage study on mnist-10k: the plain CVAE of the seed tutorial against the default recipe.
# Trains three models into ${OUT:-/tmp/leakage-study} (about 6 minutes each on one core) and prints the test
# negative ELBO and the share of samples that the (identical, seeded) LeNet judge assigns to the requested
# label. Usage: scripts/label-leakage-study.sh [DATA_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$root/../shared/data/mnist-10k}"
out="${OUT:-/tmp/leakage-study}"
train=(--data "$data" --out "$out" --classifier-epochs 8)
"$root/bin/cvae-train" train "${train[@]}" --name plain-latent16 --latent 16 --aux-weight 0
"$root/bin/cvae-train" train "${train[@]}" --name plain-latent8 --latent 8 --aux-weight 0
"$root/bin/cvae-train" train "${train[@]}" --name default
printf '\n%-16s %8s %7s %12s %12s\n' model latent aux "test -ELBO" "obeys label"
for m in plain-latent16 plain-latent8 default; do
  python3 - "$out/$m/model.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
ev = m["evaluation"]
print(f'{m["name"]:<16} {m["latentDim"]:>8} {m["training"]["auxWeight"]:>7} {ev["testNegElbo"]:>12.2f} {ev["labelObedience"]["overall"]:>12.3f}')
PY
done
