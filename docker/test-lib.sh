# Functions of docker/test.sh (sourced; it sets work, net, server, project before they are used).

notes=() build_times=() started_daemon="" compose=() net="" server="" project=""

note() { notes+=("$(printf '  %-13s %s' "$1" "$2")"); echo "docker/test.sh: $1: $2" >&2; }

report() {
  echo
  echo "docker/test.sh report"
  printf '%s\n' "${notes[@]}"
  echo "$1"
}

fail() {
  note FAILED "$*"
  report FAIL
  exit 1
}

cleanup() {
  set +e
  if [[ -n $project ]]; then dc down -v --remove-orphans >/dev/null 2>&1; fi
  if [[ -n $server ]]; then docker rm -f "$server" >/dev/null 2>&1; fi
  if [[ -n $net ]]; then docker network rm "$net" >/dev/null 2>&1; fi
  # the containers wrote some of these files as their own user: remove them as root inside a container if need be
  rm -rf "$work" 2>/dev/null || docker run --rm --user 0 -v "$work:/w" --entrypoint sh cvae-server -c 'rm -rf /w/*' >/dev/null 2>&1
  rm -rf "$work" 2>/dev/null
  if [[ -n $started_daemon ]]; then
    kill "$started_daemon" 2>/dev/null
    for _ in $(seq 60); do kill -0 "$started_daemon" 2>/dev/null || break; sleep 0.5; done
  fi
}

# Polls "$@" until it succeeds, for at most $2 seconds; $1 says what is awaited.
await() {
  local what=$1 deadline=$((SECONDS + $2))
  shift 2
  until "$@"; do
    (( SECONDS < deadline )) || fail "timed out waiting until $what"
    sleep 0.5
  done
}

# A running daemon, or one started here (root with dockerd installed): overlay2 if the kernel allows, else vfs.
ensure_daemon() {
  docker info >/dev/null 2>&1 && return 0
  [[ $(id -u) == 0 ]] && command -v dockerd >/dev/null || return 1
  local driver
  for driver in "" vfs; do
    dockerd --iptables=false ${driver:+--storage-driver=$driver} >"$work/dockerd.log" 2>&1 &
    started_daemon=$!
    for _ in $(seq 60); do
      if docker info >/dev/null 2>&1; then
        echo "docker/test.sh: started dockerd (pid $started_daemon, $(docker info -f '{{.Driver}}'))" >&2
        return 0
      fi
      kill -0 "$started_daemon" 2>/dev/null || break
      sleep 0.5
    done
    kill "$started_daemon" 2>/dev/null; wait "$started_daemon" 2>/dev/null
    started_daemon=""
  done
  tail -5 "$work/dockerd.log" >&2
  return 1
}

compose_command() {
  if command -v docker-compose >/dev/null; then compose=(docker-compose)
  elif docker compose version >/dev/null 2>&1; then compose=(docker compose)
  else fail "neither docker-compose nor the docker compose plugin is installed"; fi
}

dc() { "${compose[@]}" -p "$project" -f docker/compose.yaml "$@"; }

# Sets BUILD_IMAGE, JRE_IMAGE and DEBIAN_IMAGE (empty: the Dockerfiles' public defaults) and bases_note.
choose_bases() {
  local mode=${CVAE_DOCKER_BASES:-auto}
  BUILD_IMAGE="" JRE_IMAGE="" DEBIAN_IMAGE=""
  if [[ $mode == auto ]]; then
    mode=local
    if pulled eclipse-temurin:17-jdk && pulled eclipse-temurin:17-jre && pulled debian:bookworm-slim; then mode=public; fi
  fi
  case $mode in
    public) bases_note="public images (eclipse-temurin:17-jdk, eclipse-temurin:17-jre, debian:bookworm-slim)" ;;
    local) make_local_bases ;;
    *) fail "CVAE_DOCKER_BASES=$mode, expected auto, public or local" ;;
  esac
}

pulled() { docker image inspect "$1" >/dev/null 2>&1 || timeout 60 docker pull -q "$1" >/dev/null 2>&1; }

# local/debian:bookworm from debootstrap (once; later runs reuse it), local/jdk:17 and local/jre:17 on it.
make_local_bases() {
  local t0=$SECONDS mirror
  mirror=$(debian_mirror)
  if ! docker image inspect local/debian:bookworm >/dev/null 2>&1; then
    command -v debootstrap >/dev/null || fail "no public base image could be pulled and debootstrap is not installed"
    debootstrap --variant=minbase bookworm "$work/rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
      || { tail -5 "$work/debootstrap.log"; fail "debootstrap from $mirror failed"; }
    # what debian:bookworm-slim leaves out too: package caches, documentation, manual pages, translations
    rm -rf "$work"/rootfs/var/cache/apt/archives/*.deb "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/usr/share/doc/* \
      "$work"/rootfs/usr/share/man/* "$work"/rootfs/usr/share/locale/*
    tar -C "$work/rootfs" -c . | docker import - local/debian:bookworm >/dev/null
    rm -rf "$work/rootfs"
  fi
  mkdir -p "$work/bases/ca-certificates"
  cp docker/bases/*.Dockerfile "$work/bases/"
  cp /usr/local/share/ca-certificates/*.crt "$work/bases/ca-certificates/" 2>/dev/null || true
  for jvm in jdk jre; do
    docker build --network host --force-rm -q -f "$work/bases/$jvm.Dockerfile" --build-arg DEBIAN_IMAGE=local/debian:bookworm \
      -t "local/$jvm:17" "$work/bases" >"$work/build-$jvm.log" 2>&1 || { tail -20 "$work/build-$jvm.log"; fail "building local/$jvm:17"; }
  done
  BUILD_IMAGE=local/jdk:17 JRE_IMAGE=local/jre:17 DEBIAN_IMAGE=local/debian:bookworm
  bases_note="local stand-ins from Debian packages (debootstrap bookworm from $mirror, OpenJDK 17) in $((SECONDS - t0))s"
}

# The Debian mirror this machine's apt uses (deb822 or one-line sources), else deb.debian.org.
debian_mirror() {
  local uri
  uri=$(grep -hE '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -m1 -E '/debian/?$' || true)
  [[ -n $uri ]] || uri=$(grep -hE '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
    | awk '{print $2}' | grep -m1 -E '/debian/?$' || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

# build TAG DOCKERFILE [docker build options...], from the repository root; --network host, so that a daemon
# started with --iptables=false can still reach Maven Central and the Debian mirror.
build() {
  local tag=$1 file=$2 t0=$SECONDS
  shift 2
  docker build --network host --force-rm -q -f "docker/$file" -t "$tag" "$@" . >"$work/build-$tag.log" 2>&1 \
    || { tail -40 "$work/build-$tag.log"; fail "building $tag from docker/$file"; }
  build_times+=("${tag#cvae-} $((SECONDS - t0))s")
}

# Two classes of 28x28 images, a horizontal or a vertical bar at a random place, as IDX files: 400 to train on,
# 100 to test.
write_bars_dataset() {
  python3 - "$1" <<'PY'
import random, struct, sys
random.seed(1)
def image(vertical):
    img, pos = bytearray(784), random.randint(6, 21)
    for k in range(4, 24):
        for d in (-1, 0, 1):
            r, c = (k, pos + d) if vertical else (pos + d, k)
            img[r * 28 + c] = 200 + random.randint(0, 55)
    return img
for prefix, n in (("train", 400), ("t10k", 100)):
    labels = [i % 2 for i in range(n)]
    with open(f"{sys.argv[1]}/{prefix}-images-idx3-ubyte", "wb") as f:
        f.write(struct.pack(">IIII", 0x803, n, 28, 28) + b"".join(image(l) for l in labels))
    with open(f"{sys.argv[1]}/{prefix}-labels-idx1-ubyte", "wb") as f:
        f.write(struct.pack(">II", 0x801, n) + bytes(labels))
PY
}

await_healthy() {
  local container=$1 deadline=$((SECONDS + $2)) status
  while true; do
    status=$(docker inspect -f '{{.State.Status}} {{.State.Health.Status}}' "$container")
    [[ $status == "running healthy" ]] && return 0
    if [[ $status != running* ]] || (( SECONDS > deadline )); then
      docker logs "$container" 2>&1 | tail -20
      fail "$container is '$status', not healthy"
    fi
    sleep 1
  done
}

is_png() { [[ $(head -c 8 "$1" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]]; }

container_ip() { docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$1"; }

container_name() { docker inspect -f '{{.Name}}' "$1" | sed 's|^/||'; }

# The Generate calls a replica has started, from its /metrics (reached on its address on the compose network).
generate_calls() {
  { curl -fsS --max-time 5 "http://$1:9464/metrics" 2>/dev/null || true; } \
    | awk '/^grpc_server_calls_started_total\{/ && /method="Generate"/ && /service="cvae.v1.CvaeService"/ { n += $2 } END { printf "%d\n", n }'
}

generate_calls_above() { (( $(generate_calls "$1") > $2 )); }

bench_ok() { grep -q '^errors     none' "$1" && grep -qE '^requests +[1-9]' "$1"; }

bench_summary() {
  awk '/^requests/ { r = $2 " requests " $3 " " $4 } /^errors/ { e = "errors " $2 } END { print r ", " e }' "$1"
}

# Polls Prometheus at $1 until the series of scrape target $2 has ended (the target is gone, as a stopped replica
# drops out of Docker's DNS answer); prints what up{instance=$2} was since $4 (a time in $SECONDS), e.g. "1 0 (ended)".
await_series_end() {
  local prometheus=$1 instance=$2 deadline=$((SECONDS + $3)) since=$4 now
  while (( SECONDS < deadline )); do
    now=$(curl -fsS --max-time 5 -G "http://$prometheus/api/v1/query" --data-urlencode "query=up{instance=\"$instance\"}" || true)
    if [[ $now == *'"result":[]'* ]]; then
      curl -fsS --max-time 5 -G "http://$prometheus/api/v1/query" --data-urlencode "query=up{instance=\"$instance\"}[$((SECONDS - since))s]" \
        | grep -oE '"[01]"\]' | tr -d '"]' | uniq | paste -sd' ' - | sed 's/$/ (ended)/'
      return 0
    fi
    sleep 1
  done
  echo "still there: $now"
  return 1
}
