#!/usr/bin/env bash
# docker/test.sh: builds the images and proves, with this machine's container engine, that they work.
#   4. the server image runs as a non-root user, exposes 50051 and 9464, holds no Maven, compiler or test jar;
#   -  the CUDA image's recipe, built on a Debian base instead of NVIDIA's, starts and falls back to the CPU, saying so
#      (CVAE_TEST_CUDA=0 leaves it out; it downloads onnxruntime_gpu, about 640 MB, once);
#   1. the trainer container trains a tiny model into a mounted folder; the server container (read-only root file
#      system, that folder mounted read-only) turns healthy by its HEALTHCHECK and serves it beside mnist; the
#      client container lists the models and writes generated images that are checked as PNG files;
#   2. the compose stack (docker/compose.yaml): replicas behind HAProxy, its one-shot bench through the balancer,
#      and each replica's /metrics shows it served calls;
#   3. `docker stop` of a replica while a bench runs through the balancer: no call fails, and Prometheus sees the
#      replica's series end.
# Containers, networks and the compose project are removed at the end; the images stay (cvae-server, cvae-client,
# cvae-trainer, cvae-haproxy, cvae-prometheus), so that the next run builds from their layer cache.
#
# Usage: docker/test.sh. Where no Docker daemon runs and this is root with dockerd installed, it starts one (and
# stops it at the end). Environment: CVAE_DOCKER_BASES=auto|public|local (auto: the public base images if they
# can be pulled, else stand-ins made from Debian packages with debootstrap); CVAE_TEST_REPLICAS (default 3).
# Exit status: 0 passed, 1 a check failed, 2 no container engine could be used (nothing was tested).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source docker/test-lib.sh

replicas=${CVAE_TEST_REPLICAS:-3}
work=$(mktemp -d /tmp/cvae-docker-test.XXXXXX)
chmod 755 "$work"
trap cleanup EXIT
start=$SECONDS

# --- the engine and the base images -----------------------------------------------------------------------------
ensure_daemon || { echo "docker/test.sh: SKIPPED: no Docker daemon runs and none could be started" >&2; exit 2; }
compose_command
choose_bases
note bases "$bases_note"

# --- build ------------------------------------------------------------------------------------------------------
java_args=() debian_args=()
[[ -n ${BUILD_IMAGE:-} ]] && java_args+=(--build-arg "BUILD_IMAGE=$BUILD_IMAGE" --build-arg "JRE_IMAGE=$JRE_IMAGE")
[[ -n ${DEBIAN_IMAGE:-} ]] && debian_args+=(--build-arg "DEBIAN_IMAGE=$DEBIAN_IMAGE")
build cvae-server server.Dockerfile "${java_args[@]}"
build cvae-client client.Dockerfile "${java_args[@]}"
build cvae-trainer trainer.Dockerfile "${java_args[@]}"
build cvae-haproxy haproxy.Dockerfile "${debian_args[@]}"
build cvae-prometheus prometheus.Dockerfile "${debian_args[@]}"
# The CUDA image cannot run its GPU path here; its recipe is checked on a Debian base instead of NVIDIA's: the
# Dockerfile parses, the -Pcuda build resolves onnxruntime_gpu and compiles, the files it copies exist, and the
# image starts, fails to load the CUDA provider, says so, and serves on the CPU. CVAE_TEST_CUDA=0 leaves it out.
if [[ ${CVAE_TEST_CUDA:-1} != 0 ]]; then
  build cvae-server-cuda-check server-cuda.Dockerfile ${BUILD_IMAGE:+--build-arg "BUILD_IMAGE=$BUILD_IMAGE"} \
    --build-arg "CUDA_IMAGE=${DEBIAN_IMAGE:-debian:bookworm-slim}"
fi
note build "${build_times[*]}"
note "image sizes" "$(docker image ls --format '{{.Repository}} {{.Size}}' | grep -E '^cvae-(server|client|trainer) ' | sort | paste -sd, -)"

# --- 4. the server image: non-root, its ports, no build tools ---------------------------------------------------
user=$(docker image inspect -f '{{.Config.User}}' cvae-server)
uid=$(docker run --rm --entrypoint id cvae-server -u)
[[ $uid != 0 && $user == 10001:10001 ]] || fail "the server image runs as '$user' (uid $uid), expected 10001:10001"
ports=$(docker image inspect -f '{{range $p, $_ := .Config.ExposedPorts}}{{$p}} {{end}}' cvae-server)
[[ $ports == *50051/tcp* && $ports == *9464/tcp* ]] || fail "the server image exposes '$ports', expected 50051 and 9464"
tools=$(docker run --rm --entrypoint sh cvae-server -c \
  'for t in mvn mvnw javac jar; do command -v $t; done; find / -xdev \( -name "*-tests.jar" -o -name "junit*.jar" -o -name "*surefire*" -o -name "*.java" -type f -o -path /root/.m2 \) -print 2>/dev/null; true')
[[ -z $tools ]] || fail "the server image holds build tools or tests: $tools"
note "4 image" "user $user (uid $uid); EXPOSE $ports; no mvn, javac, jar, test jar or .m2"

if [[ ${CVAE_TEST_CUDA:-1} != 0 ]]; then
  server=cvae-test-cuda-$$
  docker run -d --name "$server" --read-only --tmpfs /tmp cvae-server-cuda-check >/dev/null
  await_healthy "$server" 180
  fallback=$(docker logs "$server" 2>&1 | grep -m1 -oE 'CUDA execution provider for cuda:0 could not be loaded.*running on CPU' || true)
  missing=$(docker logs "$server" 2>&1 | grep -m1 -oE 'error: lib[a-zA-Z]+\.so\.[0-9]+' || true)
  [[ -n $fallback ]] || fail "the CUDA image on a CPU-only base did not report its fallback to the CPU"
  note "cuda image" "built with -Pcuda on a Debian base; --device cuda by default; healthy, CUDA provider refused (${missing:-?}), \
serving on the CPU as it says; image $(docker image ls --format '{{.Size}}' cvae-server-cuda-check) without NVIDIA's libraries"
  docker rm -f "$server" >/dev/null
  server=""
fi

# --- 1. trainer -> model folder -> server (read-only) -> client -------------------------------------------------
net=cvae-test-$$
docker network create "$net" >/dev/null
mkdir -m 777 "$work/models" "$work/out"
mkdir "$work/data"
write_bars_dataset "$work/data"
cp -r models/mnist "$work/models/"
t0=$SECONDS
docker run --rm --name "cvae-test-trainer-$$" -v "$work/data:/data:ro" -v "$work/models:/models" cvae-trainer \
  --data /data --out /models --name bars --label-names horizontal,vertical --epochs 1 --classifier-epochs 1 \
  --encoder-hidden 64 --decoder-hidden 64 --latent 2 --samples-per-label 20 >"$work/trainer.log" 2>&1 \
  || { tail -20 "$work/trainer.log"; fail "the trainer container failed"; }
[[ -f $work/models/bars/model.json && -f $work/models/bars/decoder.onnx ]] || fail "the trainer wrote no model directory"
trained=$((SECONDS - t0))

server=cvae-test-server-$$
t0=$SECONDS
docker run -d --name "$server" --network "$net" --network-alias cvae-server --read-only --tmpfs /tmp \
  -v "$work/models:/models:ro" -e CVAE_MODELS=/models cvae-server >/dev/null
await_healthy "$server" 180
healthy=$((SECONDS - t0))
client() { docker run --rm --network "$net" -v "$work/out:/work" cvae-client --target cvae-server:50051 "$@"; }
listed=$(client models) || fail "cvae-client models failed"
[[ $listed == *"mnist (default)"* && $listed == *bars* ]] || fail "models lists: $listed"
client generate --label 3 --count 4 --seed 1 --out threes.png >/dev/null || fail "cvae-client generate failed"
client --model bars generate --label vertical --count 4 --seed 1 --out bars.png >/dev/null || fail "generate from the trained model failed"
is_png "$work/out/threes.png" && is_png "$work/out/bars.png" || fail "the generated files are not PNG images"
# the entrypoint execs the JVM: PID 1 is java, on the collector bin/lib/server-jvm.sh picks
pid1=$(docker exec "$server" cat /proc/1/cmdline | tr '\0' ' ')
[[ $pid1 == java* && $pid1 == *" -XX:+UseParallelGC "* ]] || fail "PID 1 of the server container: $pid1"
note "1 containers" "trainer wrote 'bars' in ${trained}s; server healthy after ${healthy}s (read-only root, models mounted read-only); \
client: models, threes.png $(wc -c <"$work/out/threes.png") B and bars.png $(wc -c <"$work/out/bars.png") B, both PNG; PID 1: java -XX:+UseParallelGC"
docker rm -f "$server" >/dev/null

# --- 2. compose: replicas behind the balancer, one bench, every replica served ----------------------------------
project=cvaetest$$
export CVAE_BALANCER_PORT=127.0.0.1: CVAE_BALANCER_OPS_PORT=127.0.0.1: CVAE_PROMETHEUS_PORT=127.0.0.1:
t0=$SECONDS
dc up -d --no-build --scale server="$replicas" server balancer prometheus >"$work/compose-up.log" 2>&1 \
  || { tail -20 "$work/compose-up.log"; fail "docker-compose up failed"; }
up_seconds=$((SECONDS - t0))
mapfile -t ids < <(dc ps -q server)
(( ${#ids[@]} == replicas )) || fail "compose runs ${#ids[@]} replicas, expected $replicas"
dc run --rm --no-deps -T bench >"$work/bench.log" 2>&1 || { tail -20 "$work/bench.log"; fail "the compose bench failed"; }
bench_ok "$work/bench.log" || fail "the bench through the balancer had errors: $(grep -E '^(requests|errors)' "$work/bench.log")"
served=()
for id in "${ids[@]}"; do
  n=$(generate_calls "$(container_ip "$id")")
  (( n > 0 )) || fail "replica $(container_name "$id") served no Generate call"
  served+=("$(container_name "$id")=$n")
done
note "2 compose" "$replicas replicas healthy and balanced in ${up_seconds}s; bench: $(bench_summary "$work/bench.log"); Generate calls per replica: ${served[*]}"

# --- 3. stop a replica during a bench: no failed call, its Prometheus series ends -------------------------------
victim=${ids[0]} vip=$(container_ip "${ids[0]}")
before=$(generate_calls "$vip")
dc run --rm --no-deps -T bench --target balancer:50051 bench --mode unary --concurrency 8 --duration 15s --warmup 0s \
  >"$work/drain.log" 2>&1 &
bench_pid=$!
await "the bench reaches replica $(container_name "$victim")" 60 generate_calls_above "$vip" $((before + 50))
t0=$SECONDS
docker stop -t 30 "$victim" >/dev/null
stopped=$((SECONDS - t0))
wait "$bench_pid" || { tail -20 "$work/drain.log"; fail "the bench during the stop failed"; }
bench_ok "$work/drain.log" || fail "calls failed while a replica stopped: $(grep -E '^(requests|errors)' "$work/drain.log")"
# The JVM ends with 143 (128 + SIGTERM) once its shutdown hook has run; 137 would mean docker had to kill it.
exit_code=$(docker inspect -f '{{.State.ExitCode}}' "$victim")
victim_log=$(docker logs "$victim" 2>&1 | tail -5)
[[ $exit_code == 143 && $victim_log == *draining* && $victim_log == *"INFO CvaeServer - stopped"* ]] \
  || fail "the replica did not stop gracefully (exit $exit_code): $victim_log"
prometheus=$(docker port "$(dc ps -q prometheus)" 9090 | head -1)
series=$(await_series_end "$prometheus" "$vip:9464" 60 "$t0") || fail "Prometheus still scrapes the stopped replica: $series"
down=$(docker logs "$(dc ps -q balancer)" 2>&1 | grep -m1 -oE 'is DOWN, reason: [^,]*' | sed 's/is DOWN, reason: //' || true)
[[ -n $down ]] || fail "HAProxy never took the stopped replica out"
note "3 drain" "docker stop took ${stopped}s (drained, in-flight calls finished, exit 143 = SIGTERM handled); HAProxy took it out ($down: its health said NOT_SERVING); \
bench: $(bench_summary "$work/drain.log"); Prometheus up{instance=\"$vip:9464\"} from the stop on: $series"

note total "$((SECONDS - start))s"
report PASS
