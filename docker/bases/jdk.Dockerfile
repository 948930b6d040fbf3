# A stand-in for eclipse-temurin:17-jdk made from Debian packages (OpenJDK 17's headless JDK): enough for the
# build stages, whose Maven wrapper fetches the pinned Maven itself. docker/test.sh builds it as local/jdk:17.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jdk-headless \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
# Certificate authorities the build host trusts beyond the usual ones, e.g. that of a TLS-inspecting proxy between
# it and Maven Central: docker/test.sh copies the host's /usr/local/share/ca-certificates/*.crt into the build
# context's ca-certificates/ (usually nothing). update-ca-certificates adds them to Java's trust store too.
COPY ca-certificates/ /usr/local/share/ca-certificates/
RUN update-ca-certificates
