# cvae-server with the bundled models. Build from the repository root:
#   docker build -f docker/server.Dockerfile -t cvae-server .
# Run (listens on 50051; every option also comes from CVAE_* environment variables):
#   docker run --rm -p 50051:50051 cvae-server
#   docker run --rm -p 50051:50051 -v "$PWD/my-models:/models:ro" -e CVAE_MODELS=/models cvae-server
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY proto proto
COPY trainer trainer
COPY server server
COPY client-cli client-cli
RUN mvn -B -q -pl server -am package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /opt/cvae
COPY --from=build /src/server/target/cvae-server.jar /opt/cvae/
COPY --from=build /src/server/target/lib /opt/cvae/lib
COPY models /opt/cvae/models
ENV CVAE_MODELS=/opt/cvae/models
EXPOSE 50051
# SIGTERM: health goes NOT_SERVING, in-flight calls finish (CVAE_SHUTDOWN_GRACE_SECONDS), then the JVM exits
ENTRYPOINT ["java", "-jar", "/opt/cvae/cvae-server.jar"]
