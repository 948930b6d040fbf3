# server_jvm_options: prints the JVM options cvae-server runs with, for bin/cvae-server and the server images'
# entrypoint (POSIX sh, so that both can source it). They are $CVAE_SERVER_JAVA_OPTS, after -XX:+UseParallelGC
# unless those options, JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS choose a collector themselves (the JVM refuses two).
# The throughput collector: measured on 2 cores it serves as fast as G1 with about a quarter less resident memory,
# and gives memory back instead of stepping up once the load is on (README, Tuning).
server_jvm_options() (
  set -f # options are split into words, never expanded as file names
  for word in ${CVAE_SERVER_JAVA_OPTS:-} ${JAVA_TOOL_OPTIONS:-} ${JDK_JAVA_OPTIONS:-}; do
    case $word in
      -XX:+UseSerialGC | -XX:+UseParallelGC | -XX:+UseG1GC | -XX:+UseZGC | -XX:+UseShenandoahGC | -XX:+UseEpsilonGC)
        echo "${CVAE_SERVER_JAVA_OPTS:-}"
        return 0 ;;
    esac
  done
  echo "-XX:+UseParallelGC${CVAE_SERVER_JAVA_OPTS:+ $CVAE_SERVER_JAVA_OPTS}"
)
