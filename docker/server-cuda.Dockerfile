# cvae-server on NVIDIA GPUs: the server image's recipe with ONNX Runtime's CUDA build (-Pcuda, onnxruntime_gpu) on
# an NVIDIA CUDA runtime base with cuDNN, and --device cuda by default. Build from the repository root:
#   docker build -f docker/server-cuda.Dockerfile -t cvae-server-cuda .
# Run (needs the NVIDIA Container Toolkit on the host):
#   docker run --rm --gpus all -p 50051:50051 -p 9464:9464 cvae-server-cuda
# ONNX Runtime 1.29's Java GPU build needs CUDA 12.x (libcudart.so.12, libcublas.so.12, libcublasLt.so.12,
# libcurand.so.10) and cuDNN 9.x, and a driver for CUDA 12; CUDA_IMAGE must provide them. When the CUDA execution
# provider cannot be loaded, the server logs why and serves on the CPU (CVAE_DEVICE=cpu chooses the CPU outright).
ARG BUILD_IMAGE=eclipse-temurin:17-jdk
ARG CUDA_IMAGE=nvidia/cuda:12.6.3-cudnn-runtime-ubuntu22.04

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
RUN ./mvnw -B -q -Pcuda -pl server,client-cli -am package -Dmaven.test.skip=true
COPY server/src/main server/src/main
COPY client-cli/src/main client-cli/src/main
RUN ./mvnw -B -q -o -Pcuda -pl server,client-cli -am package -Dmaven.test.skip=true \
 && mkdir -p /opt/cvae/lib /opt/cvae/native \
 && cp server/target/cvae-server.jar client-cli/target/cvae-client.jar /opt/cvae/ \
 && cp server/target/lib/* /opt/cvae/lib/ && cp -n client-cli/target/lib/* /opt/cvae/lib/
# ONNX Runtime's native libraries, CUDA provider included (about 600 MB), moved out of its jar into native/ (onnxruntime.native.path below): unpacked once
# here instead of into /tmp at every start, so the server runs on a read-only root with a noexec /tmp, and stored
# once, not twice.
RUN ort=$(ls /opt/cvae/lib/onnxruntime*.jar) && arch=$(uname -m | sed 's/x86_64/x64/') \
 && mkdir /tmp/ort && cd /tmp/ort && jar xf "$ort" \
 && mv "ai/onnxruntime/native/linux-$arch"/* /opt/cvae/native/ && rm -r ai/onnxruntime/native && mv META-INF/MANIFEST.MF .. \
 && jar --create --file "$ort" --manifest ../MANIFEST.MF . && ls /opt/cvae/native/libonnxruntime_providers_cuda.so

FROM ${CUDA_IMAGE}
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 cvae \
 && useradd --system --uid 10001 --gid cvae --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin cvae
WORKDIR /opt/cvae
COPY --from=build /opt/cvae ./
COPY docker/bin/cvae-client docker/bin/cvae-server /usr/local/bin/
COPY bin/lib/server-jvm.sh ./
COPY models models/
ENV CVAE_MODELS=/opt/cvae/models \
    CVAE_METRICS_PORT=9464 \
    CVAE_DEVICE=cuda
USER 10001:10001
EXPOSE 50051 9464
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD JAVA_TOOL_OPTIONS= cvae-client --target "127.0.0.1:${CVAE_PORT:-50051}" --timeout 3s health
# docker/bin/cvae-server: the throughput collector, as bin/cvae-server runs it (unless CVAE_SERVER_JAVA_OPTS,
# JAVA_TOOL_OPTIONS or JDK_JAVA_OPTIONS choose another), then exec java, so the JVM is PID 1.
ENTRYPOINT ["cvae-server"]
