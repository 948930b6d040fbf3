# cvae-server with the bundled models, running as a non-root user. Build from the repository root:
#   docker build -f docker/server.Dockerfile -t cvae-server .
# Run: gRPC on 50051, Prometheus metrics on 9464 (/metrics); every server option also comes from its CVAE_*
# variable (cvae-server --help lists them):
#   docker run --rm -p 50051:50051 -p 9464:9464 cvae-server
#   docker run --rm -p 50051:50051 -v "$PWD/my-models:/models:ro" -e CVAE_MODELS=/models cvae-server
# It runs with a read-only root file system (docker run --read-only --tmpfs /tmp).
# Extra JVM options: CVAE_SERVER_JAVA_OPTS or JAVA_TOOL_OPTIONS (the heap defaults to 75% of the container's memory limit).
#
# The base images are build arguments that default to the public images; docker/test.sh passes stand-ins made
# from Debian packages where no registry is reachable. The recipe is the same either way.
ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG JRE_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# Dependencies first, from the poms (and proto/, whose generated stubs the others compile against): a change to
# the Java sources reuses this layer, Maven repository included, and builds offline.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY proto proto
COPY trainer/pom.xml trainer/
COPY server/pom.xml server/
COPY client-cli/pom.xml client-cli/
COPY integration-tests/pom.xml integration-tests/
COPY bench/pom.xml bench/
RUN ./mvnw -B -q -pl server,client-cli -am package -Dmaven.test.skip=true
COPY server/src/main server/src/main
COPY client-cli/src/main client-cli/src/main
RUN ./mvnw -B -q -o -pl server,client-cli -am package -Dmaven.test.skip=true \
 && mkdir -p /opt/cvae/lib /opt/cvae/native \
 && cp server/target/cvae-server.jar client-cli/target/cvae-client.jar /opt/cvae/ \
 && cp server/target/lib/* /opt/cvae/lib/ && cp -n client-cli/target/lib/* /opt/cvae/lib/
# ONNX Runtime's native libraries, moved out of its jar into native/ (onnxruntime.native.path below): unpacked once
# here instead of into /tmp at every start, so the server runs on a read-only root with a noexec /tmp, and stored
# once, not twice.
RUN ort=$(ls /opt/cvae/lib/onnxruntime*.jar) && arch=$(uname -m | sed 's/x86_64/x64/') \
 && mkdir /tmp/ort && cd /tmp/ort && jar xf "$ort" \
 && mv "ai/onnxruntime/native/linux-$arch"/* /opt/cvae/native/ && rm -r ai/onnxruntime/native && mv META-INF/MANIFEST.MF .. \
 && jar --create --file "$ort" --manifest ../MANIFEST.MF . && ls /opt/cvae/native/libonnxruntime.so

FROM ${JRE_IMAGE}
RUN groupadd --system --gid 10001 cvae \
 && useradd --system --uid 10001 --gid cvae --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin cvae
WORKDIR /opt/cvae
# Each jar finds its libraries in lib/ (its manifest's Class-Path); the two share most of them. The client is here
# for the HEALTHCHECK (and for `docker exec ... cvae-client`).
COPY --from=build /opt/cvae ./
COPY docker/bin/cvae-client docker/bin/cvae-server /usr/local/bin/
COPY bin/lib/server-jvm.sh ./
COPY models models/
ENV CVAE_MODELS=/opt/cvae/models \
    CVAE_METRICS_PORT=9464
USER 10001:10001
EXPOSE 50051 9464
# One grpc.health.v1 Check on the container's own port: healthy only while the server answers SERVING (it turns
# NOT_SERVING as soon as it is asked to stop).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD JAVA_TOOL_OPTIONS= cvae-client --target "127.0.0.1:${CVAE_PORT:-50051}" --timeout 3s health
# The JVM is PID 1 and gets docker stop's SIGTERM itself: health NOT_SERVING, CVAE_SHUTDOWN_DRAIN_SECONDS of
# still accepting calls, then in-flight calls finish (up to CVAE_SHUTDOWN_GRACE_SECONDS) and it exits.
# Give it a stop timeout (docker stop -t, compose stop_grace_period, Kubernetes terminationGracePeriodSeconds)
# longer than the two together.
# docker/bin/cvae-server: the throughput collector, as bin/cvae-server runs it (unless CVAE_SERVER_JAVA_OPTS,
# JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS choose another), then exec java, so the JVM is PID 1.
ENTRYPOINT ["cvae-server"]
