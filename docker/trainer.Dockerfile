# cvae-train in a container, as a non-root user: data mounted read-only, model directories written to a mounted
# folder. Build from the repository root:
#   docker build -f docker/trainer.Dockerfile -t cvae-trainer .
# Train (--user so that the files written belong to you):
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD/data:/data:ro" -v "$PWD/models:/models" cvae-trainer \
#     train --data /data/fashion-mnist --out /models --name fashion-mnist
# Redraw a model's report (cvae-trainer --help lists the subcommands; options without one go to train):
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD/models:/models" cvae-trainer report /models/fashion-mnist
# The heap is half the container's memory limit (ND4J's arrays live outside it); OMP_WAIT_POLICY=PASSIVE as
# bin/lib/train-env.sh sets it for bin/cvae-train (see docs/training-speed.md). Extra JVM options: JAVA_TOOL_OPTIONS.
ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG JRE_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# Dependencies first, from the poms: a change to the trainer's sources reuses this layer and builds offline.
COPY mvnw pom.xml ./
COPY .mvn .mvn
COPY proto/pom.xml proto/
COPY trainer/pom.xml trainer/
COPY server/pom.xml server/
COPY client-cli/pom.xml client-cli/
COPY integration-tests/pom.xml integration-tests/
COPY bench/pom.xml bench/
RUN ./mvnw -B -q -pl trainer -am package -Dmaven.test.skip=true
COPY trainer/src/main trainer/src/main
RUN ./mvnw -B -q -o -pl trainer -am package -Dmaven.test.skip=true

FROM ${JRE_IMAGE}
# The training report draws its charts (XChart) and figure labels with Java2D, which needs fontconfig and a font.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends fontconfig fonts-dejavu-core \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 cvae \
 && useradd --system --uid 10001 --gid cvae --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin cvae
COPY --from=build /src/trainer/target/lib /opt/cvae/lib/
COPY --from=build /src/trainer/target/cvae-trainer.jar /opt/cvae/
ENV OMP_WAIT_POLICY=PASSIVE
USER 10001:10001
WORKDIR /work
# JavaCPP unpacks ND4J's native libraries into its cache: /tmp, writable whatever --user says.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=50", "-Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp", "-jar", "/opt/cvae/cvae-trainer.jar"]
