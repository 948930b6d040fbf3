# cvae-train in a container. Build from the repository root:
#   docker build -f docker/trainer.Dockerfile -t cvae-trainer .
# Train (data and models mounted from the host):
#   docker run --rm -v "$PWD/data:/data:ro" -v "$PWD/models:/models" cvae-trainer \
#     --data /data/fashion-mnist --out /models --name fashion-mnist
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY proto proto
COPY trainer trainer
COPY server server
COPY client-cli client-cli
RUN mvn -B -q -pl trainer -am package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /opt/cvae
COPY --from=build /src/trainer/target/cvae-trainer.jar /opt/cvae/
COPY --from=build /src/trainer/target/lib /opt/cvae/lib
ENV OMP_NUM_THREADS=1
ENTRYPOINT ["java", "-Xmx8g", "-jar", "/opt/cvae/cvae-trainer.jar"]
