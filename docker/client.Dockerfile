# cvae-client in a container, as a non-root user; the working directory /work is where relative output paths go.
# Build from the repository root:
#   docker build -f docker/client.Dockerfile -t cvae-client .
# Run (the options before the command are shared by every command; CVAE_TARGET works too):
#   docker run --rm --network NET cvae-client --target cvae-server:50051 models
#   docker run --rm --network NET --user "$(id -u):$(id -g)" -v "$PWD/out:/work" cvae-client \
#     --target cvae-server:50051 generate --label 3 --count 16 --out threes.png
#   docker run --rm --network NET cvae-client --target dns:///cvae-headless:50051 --lb round_robin bench --duration 10s
#
# The build stage is the server image's, instruction for instruction, so that building both shares one Maven build.
ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG JRE_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
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

FROM ${JRE_IMAGE}
RUN groupadd --system --gid 10001 cvae \
 && useradd --system --uid 10001 --gid cvae --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin cvae
COPY --from=build /src/client-cli/target/lib /opt/cvae/lib/
COPY --from=build /src/client-cli/target/cvae-client.jar /opt/cvae/
USER 10001:10001
WORKDIR /work
ENTRYPOINT ["java", "-jar", "/opt/cvae/cvae-client.jar"]
