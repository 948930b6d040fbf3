#!/usr/bin/env bash
# bench/training-speed.sh: the trainer's epoch time against a PyTorch twin of the same model, side by side in one run.
#
#   bench/training-speed.sh [--arch mlp|conv|mlp,conv (default)] [--images N] [--epochs E] [--rounds R] [--threads T] [--batch B]
#                           [--variants V1,V2,...] [--data DIR] [--out FILE] [--section NAME] [--results FILE]
#
# Each round runs every variant once, one after the other (D P D P ...), so that the load of a shared machine falls on
# all of them alike; each run is a fresh process that trains E epochs on the first N training images and reports every
# epoch. The first epoch is a warm-up (JIT, oneDNN kernels, caches) and is not counted. Seconds are scaled to a
# 60,000-image epoch. Writes its tables into the section NAME (default comparison) of docs/training-speed.md (--out),
# between <!-- begin NAME --> and <!-- end NAME -->, keeping the rest of the page; --results keeps the raw JSON lines.
# Not run in CI: with the defaults it takes about 25 minutes on 2 cores. Needs /usr/bin/python3 with torch
# (Debian: apt-get install python3-torch) for the PyTorch variants; DL4J variants run without it.
#
# Variants (--variants, default dl4j,pytorch-openblas,pytorch):
#   dl4j              bin/cvae-train's settings (bin/lib/train-env.sh) with OMP_NUM_THREADS=T
#   dl4j-spin         the same with OpenMP's default wait policy (threads spin between parallel regions)
#   dl4j-1thread      the same with OMP_NUM_THREADS=1
#   dl4j-no-onednn    the same with SD_FORBID_HELPERS=1: libnd4j's own kernels and OpenBLAS instead of oneDNN
#   pytorch           Debian's python3-torch as installed (its libblas.so.3: the reference BLAS unless another is chosen)
#   pytorch-openblas  the same with the OpenBLAS that nd4j itself ships (0.3.19, from trainer/target/lib) as libblas.so.3
#   pytorch-spin      pytorch-openblas with OpenMP's default wait policy
#   NAME@B            variant NAME with batch size B (default: --batch, or the trainer's 128 for mlp and 64 for conv)
# Every variant gets the same OMP_NUM_THREADS and OMP_WAIT_POLICY as dl4j unless its name says otherwise.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bin/lib/ensure-built.sh"

arches="mlp conv" images=10000 epochs=2 rounds=3 threads=2 batch="" variants=dl4j,pytorch-openblas,pytorch
data="$root/../shared/data/fashion-mnist"
out="$root/docs/training-speed.md"
results="" section=comparison
while (( $# )); do
  case "$1" in
    --arch) arches="${2//,/ }"; [[ $arches == both ]] && arches="mlp conv"; shift 2 ;;
    --images) images="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --variants) variants="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --results) results="$2"; shift 2 ;;
    --section) section="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "training-speed.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
(( epochs >= 2 )) || { echo "training-speed.sh: --epochs must be >= 2 (the first is a warm-up), got $epochs" >&2; exit 2; }
[[ -d $data ]] || { echo "training-speed.sh: no data directory $data (Fashion-MNIST IDX files; pass --data)" >&2; exit 2; }
data="$(cd "$data" && pwd)"

ensure_built "$root" trainer "$root/trainer/target/cvae-trainer.jar" "$root/trainer/src/main"
work="$(mktemp -d /tmp/training-speed.XXXXXX)"
trap 'rm -rf "$work"' EXIT
results="${results:-$work/results.jsonl}"
: > "$results"

# the Java entry point, compiled once against the trainer's classes
javac -q -d "$work/classes" -cp "$root/trainer/target/cvae-trainer.jar" "$root/bench/training-speed/Dl4jEpochs.java" 2>/dev/null \
  || javac -d "$work/classes" -cp "$root/trainer/target/cvae-trainer.jar" "$root/bench/training-speed/Dl4jEpochs.java"

has_torch=""
/usr/bin/python3 -c 'import torch' 2>/dev/null && has_torch=1
# nd4j's OpenBLAS as libblas.so.3, for PyTorch to load instead of Debian's reference BLAS
blas_jar="$(ls "$root"/trainer/target/lib/openblas-*-linux-x86_64.jar | head -1)"
mkdir -p "$work/openblas"
unzip -q -j -o "$blas_jar" '*/libopenblas.so.0' '*/libgfortran.so.5' '*/libquadmath.so.0' -d "$work/openblas"
ln -sf libopenblas.so.0 "$work/openblas/libblas.so.3"

# bin/cvae-train's OpenMP/libnd4j/OpenBLAS settings, one NAME=VALUE a line
launcher_env() {
  ( source "$root/bin/lib/train-env.sh"; env | grep -E '^(OMP_|SD_|OPENBLAS_)' || true )
}

run_variant() { # variant[@batch] arch round
  local variant="${1%@*}" tag="$1" arch="$2" round="$3" run_batch="$batch" line
  [[ $tag == *@* ]] && run_batch="${tag#*@}"
  local -a cmd envs unset=()
  case "$variant" in
    dl4j|dl4j-spin|dl4j-1thread|dl4j-no-onednn)
      cmd=(java ${CVAE_TRAIN_JAVA_OPTS:--Xmx8g} -cp "$root/trainer/target/cvae-trainer.jar:$work/classes" Dl4jEpochs) ;;
    pytorch|pytorch-openblas|pytorch-spin)
      if [[ -z $has_torch ]]; then echo "  $variant: skipped, /usr/bin/python3 has no torch" >&2; return 0; fi
      cmd=(/usr/bin/python3 "$root/bench/training-speed/cvae_twin.py" --threads "$threads") ;;
    *) echo "training-speed.sh: unknown variant $variant" >&2; exit 2 ;;
  esac
  mapfile -t envs < <(launcher_env)
  envs+=("OMP_NUM_THREADS=$threads")
  case "$variant" in
    *-spin) unset=(-u OMP_WAIT_POLICY); mapfile -t envs < <(printf '%s\n' "${envs[@]}" | grep -v '^OMP_WAIT_POLICY=') ;;
    dl4j-1thread) envs+=(OMP_NUM_THREADS=1) ;;
    dl4j-no-onednn) envs+=(SD_FORBID_HELPERS=1) ;;
  esac
  [[ $variant == pytorch-openblas || $variant == pytorch-spin ]] && envs+=("LD_LIBRARY_PATH=$work/openblas")
  local load_before load_after
  load_before="$(cut -d' ' -f1 /proc/loadavg)"
  if ! env "${unset[@]}" "${envs[@]}" "${cmd[@]}" --data "$data" --arch "$arch" --images "$images" --epochs "$epochs" ${run_batch:+--batch "$run_batch"} \
      > "$work/run.out" 2> "$work/run.err"; then
    echo "  $variant $arch: failed:" >&2; tail -20 "$work/run.err" >&2; return 1
  fi
  load_after="$(cut -d' ' -f1 /proc/loadavg)"
  grep '^RESULT ' "$work/run.out" | sed 's/^RESULT {//' | while read -r line; do
    echo "{\"variant\": \"$tag\", \"round\": $round, \"load_before\": $load_before, \"load_after\": $load_after, $line"
  done >> "$results"
  echo "  $tag $arch: $(grep '^RESULT ' "$work/run.out" | tail -1 | grep -o '"train_s": [0-9.]*') s for $images images" >&2
}

start="$(date -u +%Y-%m-%dT%H:%MZ)"
for arch in $arches; do
  for round in $(seq 1 "$rounds"); do
    echo "training-speed: $arch, round $round of $rounds" >&2
    for variant in ${variants//,/ }; do run_variant "$variant" "$arch" "$round"; done
  done
done

/usr/bin/python3 "$root/bench/training-speed/report.py" --results "$results" --out "$out" --started "$start" \
  --command "bench/training-speed.sh --arch ${arches// /,} --images $images --epochs $epochs --rounds $rounds --threads $threads${batch:+ --batch $batch} --variants $variants --section $section" \
  --section "$section" --launcher-env "$(launcher_env | tr '\n' ' ')" --nd4j "$(basename "$(ls "$root"/trainer/target/lib/nd4j-native-*-linux-*.jar | head -1)" .jar)"
echo "training-speed: wrote $out" >&2
