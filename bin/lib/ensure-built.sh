# Sourced by the launchers in bin/: builds a module's jar when it is missing, when CVAE_REBUILD is set, or when
# a source or pom it is built from is newer than the jar (so a pulled change is never served from a stale jar).
# It builds with the repository's Maven wrapper (./mvnw), so a JDK is all a user needs: the wrapper fetches the
# pinned Maven into ~/.m2/wrapper on first use.
# usage: ensure_built ROOT MODULE JAR SOURCE_DIR...
ensure_built() {
  local root="$1" module="$2" jar="$3"
  shift 3
  local stale=""
  if [[ ! -f "$jar" || -n "${CVAE_REBUILD:-}" ]]; then
    stale=1
  elif [[ -n "$(find "$@" "$root/pom.xml" "$root/$module/pom.xml" -newer "$jar" -type f -print -quit 2>/dev/null)" ]]; then
    stale=1
  fi
  if [[ -n "$stale" ]]; then
    echo "$(basename "$0"): building $module..." >&2
    (cd "$root" && ./mvnw -B -q -pl "$module" -am package -DskipTests) >&2
  fi
}
