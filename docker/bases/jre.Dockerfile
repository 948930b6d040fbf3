# A stand-in for eclipse-temurin:17-jre made from Debian packages (OpenJDK 17's headless JRE), for machines that
# cannot pull the public image; docker/test.sh builds it as local/jre:17 on a Debian base it makes with debootstrap.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && apt-get clean && rm -rf /var/lib/apt/lists/*
