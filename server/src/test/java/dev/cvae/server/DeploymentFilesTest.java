package dev.cvae.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Option;

/**
 * docker/ and deploy/kubernetes/ name the server's ports, probes, paths, options and images; these tests hold them to
 * what the build has: every CVAE_* variable they set is one that {@link ServerCommand} reads, every port is one the
 * server image EXPOSEs and the option that opens it says, the probes and the Prometheus annotations use those ports,
 * the user is the image's, every image is one a Dockerfile here builds. The Kubernetes manifests are rendered with
 * {@code kubectl kustomize} as they would be applied (those tests are skipped where kubectl is not installed; no
 * cluster is needed).
 */
class DeploymentFilesTest {
    private static final Path ROOT = Path.of("..");
    private static final Path KUSTOMIZE = ROOT.resolve("deploy/kubernetes");
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void everyVariableTheImagesAndComposeSetIsAServerOption() throws IOException {
        Set<String> options = serverVariables();
        for (String file : List.of("server.Dockerfile", "server-cuda.Dockerfile")) {
            Set<String> set = Dockerfile.read(file).env.keySet();
            assertFalse(set.isEmpty(), file);
            assertOptions(options, set, "docker/" + file);
        }
        JsonNode server = compose().at("/services/server");
        assertOptions(options, names(server.get("environment")), "docker/compose.yaml");
    }

    /** Maven reads every module the root pom lists, so an image build that lacks one module's pom fails. */
    @Test
    void everyDockerfileAndTheContextCarryThePomOfEveryModule() throws IOException {
        List<String> modules = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(ROOT.resolve("pom.xml")));
        while (m.find()) modules.add(m.group(1));
        assertTrue(modules.size() >= 5, "modules of the root pom: " + modules);
        String dockerignore = Files.readString(ROOT.resolve(".dockerignore"));
        for (String file : List.of("server.Dockerfile", "server-cuda.Dockerfile", "client.Dockerfile", "trainer.Dockerfile")) {
            String text = Files.readString(ROOT.resolve("docker").resolve(file));
            for (String module : modules) {
                assertTrue(text.contains("COPY " + module + "/pom.xml") || text.contains("COPY " + module + " "),
                        file + " copies no pom of module " + module + ", so Maven cannot read the root pom in the image");
                assertTrue(dockerignore.contains("!" + module + "/"), ".dockerignore leaves module " + module + "'s pom out of the build context");
            }
        }
    }

    @Test
    void composeBuildsWithTheDockerfilesOwnDefaultBasesAndStopsSlowerThanTheServerDrains() throws IOException {
        for (JsonNode service : compose().get("services")) {
            JsonNode build = service.get("build");
            Dockerfile dockerfile = Dockerfile.read(Path.of(build.get("dockerfile").asText()).getFileName().toString());
            assertEquals(image(dockerfile.name), service.get("image").asText(), "the image is named after its Dockerfile");
            build.get("args").fields().forEachRemaining(arg -> assertEquals("${" + arg.getKey() + ":-" + dockerfile.args.get(arg.getKey()) + "}",
                    arg.getValue().asText(), dockerfile.name + " " + arg.getKey()));
        }
        JsonNode server = compose().at("/services/server");
        long stop = Long.parseLong(server.get("stop_grace_period").asText().replace("s", ""));
        long drainAndGrace = server.at("/environment/CVAE_SHUTDOWN_DRAIN_SECONDS").asLong() + server.at("/environment/CVAE_SHUTDOWN_GRACE_SECONDS").asLong();
        assertTrue(stop > drainAndGrace, "stop_grace_period " + stop + "s must exceed drain + grace, " + drainAndGrace + "s");
    }

    @Test
    void theBaseManifestsUseTheServerImagesPortsUserOptionsAndProbes() throws Exception {
        Dockerfile image = Dockerfile.read("server.Dockerfile");
        List<JsonNode> docs = kustomize("base");
        JsonNode deployment = one(docs, "Deployment", "cvae-server");
        JsonNode pod = deployment.at("/spec/template");
        JsonNode container = container(deployment);
        Map<String, String> config = configMap(docs, container);
        assertOptions(serverVariables(), config.keySet(), "the ConfigMap");
        assertEquals(image(image.name) + ":latest", container.get("image").asText());

        Map<String, Integer> ports = new HashMap<>();
        container.get("ports").forEach(p -> ports.put(p.get("name").asText(), p.get("containerPort").asInt()));
        assertEquals(Set.copyOf(ports.values()), image.exposed, "the container's ports are the ones the image EXPOSEs");
        assertEquals(ports.get("grpc"), Integer.valueOf(config.getOrDefault("CVAE_PORT", "50051")));
        assertEquals(ports.get("metrics"), Integer.valueOf(config.getOrDefault("CVAE_METRICS_PORT", image.env.get("CVAE_METRICS_PORT"))));
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            assertEquals(ports.get("grpc").intValue(), container.at("/" + probe + "/grpc/port").asInt(), probe + " asks grpc.health.v1 on the gRPC port");
        }
        assertEquals("true", pod.at("/metadata/annotations/prometheus.io~1scrape").asText());
        assertEquals(ports.get("metrics").toString(), pod.at("/metadata/annotations/prometheus.io~1port").asText());
        assertEquals("/metrics", pod.at("/metadata/annotations/prometheus.io~1path").asText());

        assertEquals(image.user, pod.at("/spec/securityContext/runAsUser").asText() + ":" + pod.at("/spec/securityContext/runAsGroup").asText());
        assertTrue(pod.at("/spec/securityContext/runAsNonRoot").asBoolean());
        assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean());
        String tmpVolume = mountedAt(container, "/tmp");
        assertTrue(volume(pod, tmpVolume).has("emptyDir"), "/tmp is a writable emptyDir");
        long drainAndGrace = Long.parseLong(config.get("CVAE_SHUTDOWN_DRAIN_SECONDS")) + Long.parseLong(config.get("CVAE_SHUTDOWN_GRACE_SECONDS"));
        assertTrue(pod.at("/spec/terminationGracePeriodSeconds").asLong() > drainAndGrace, "the pod may take drain + grace to stop");

        JsonNode labels = pod.at("/metadata/labels");
        for (String name : List.of("cvae-server", "cvae-headless")) {
            JsonNode service = one(docs, "Service", name);
            assertTrue(matches(service.at("/spec/selector"), labels), name + " selects the pods");
            assertEquals(ports.get("grpc").intValue(), service.at("/spec/ports/0/port").asInt(), name);
            assertTrue(ports.containsKey(service.at("/spec/ports/0/targetPort").asText()), name + " targets a named container port");
        }
        assertEquals("None", one(docs, "Service", "cvae-headless").at("/spec/clusterIP").asText(), "headless, for client-side round robin");
        JsonNode hpa = one(docs, "HorizontalPodAutoscaler", "cvae-server");
        assertEquals("cvae-server", hpa.at("/spec/scaleTargetRef/name").asText());
        assertEquals("cpu", hpa.at("/spec/metrics/0/resource/name").asText());
        assertTrue(container.at("/resources/requests/cpu").isTextual(), "CPU utilisation needs a CPU request");
        assertTrue(deployment.at("/spec/replicas").isMissingNode(), "the autoscaler, not the Deployment, sets the replicas");
        assertTrue(matches(one(docs, "PodDisruptionBudget", "cvae-server").at("/spec/selector/matchLabels"), labels));
    }

    @Test
    void theGpuOverlayRunsTheCudaImageWithOneGpu() throws Exception {
        List<JsonNode> docs = kustomize("overlays/gpu");
        JsonNode container = container(one(docs, "Deployment", "cvae-server"));
        assertEquals(image(Dockerfile.read("server-cuda.Dockerfile").name) + ":latest", container.get("image").asText());
        assertEquals(1, container.at("/resources/limits/nvidia.com~1gpu").asInt());
        assertEquals("cuda", env(container).get("CVAE_DEVICE"));
        assertOptions(serverVariables(), env(container).keySet(), "the GPU overlay");
    }

    @Test
    void theModelVolumeOverlayPointsCvaeModelsAtItsReadOnlyMount() throws Exception {
        List<JsonNode> docs = kustomize("overlays/model-volume");
        JsonNode deployment = one(docs, "Deployment", "cvae-server");
        JsonNode container = container(deployment);
        String models = env(container).get("CVAE_MODELS");
        assertOptions(serverVariables(), env(container).keySet(), "the model-volume overlay");
        String volume = mountedAt(container, models);
        for (JsonNode mount : container.get("volumeMounts")) {
            if (mount.get("mountPath").asText().equals(models)) assertTrue(mount.get("readOnly").asBoolean(), "mounted read-only");
        }
        String claim = volume(deployment.at("/spec/template"), volume).at("/persistentVolumeClaim/claimName").asText();
        one(docs, "PersistentVolumeClaim", claim);
    }

    /** The CVAE_* variables the server's options read: their defaults are {@code ${env:CVAE_X:-...}}. */
    private static Set<String> serverVariables() {
        Set<String> names = new TreeSet<>();
        Pattern env = Pattern.compile("\\$\\{env:(CVAE_[A-Z_]+)");
        for (Field field : ServerCommand.class.getDeclaredFields()) {
            Option option = field.getAnnotation(Option.class);
            if (option == null) continue;
            Matcher m = env.matcher(option.defaultValue());
            if (m.find()) names.add(m.group(1));
        }
        assertTrue(names.contains("CVAE_PORT") && names.contains("CVAE_SHUTDOWN_DRAIN_SECONDS"), names.toString());
        return names;
    }

    private static void assertOptions(Set<String> options, Set<String> set, String where) {
        Set<String> unknown = new TreeSet<>(set);
        unknown.removeAll(options);
        assertTrue(unknown.isEmpty(), where + " sets " + unknown + ", which no server option reads; the server reads " + options);
    }

    /** The image a Dockerfile builds: docker/X.Dockerfile is cvae-X. */
    private static String image(String dockerfile) {
        return "cvae-" + dockerfile.replace(".Dockerfile", "");
    }

    private static JsonNode compose() throws IOException {
        return YAML.readTree(ROOT.resolve("docker/compose.yaml").toFile());
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** What {@code kubectl kustomize deploy/kubernetes/DIR} renders, one node per object. */
    private static List<JsonNode> kustomize(String dir) throws Exception {
        Path out = Files.createTempFile("kustomize", ".yaml");
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", KUSTOMIZE.resolve(dir).toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        } catch (IOException e) {
            Assumptions.abort("kubectl is not installed (" + e.getMessage() + "); the Kubernetes manifests are not rendered");
            throw e;
        }
        try {
            assertTrue(kubectl.waitFor(60, TimeUnit.SECONDS), "kubectl kustomize finished");
            String rendered = Files.readString(out, StandardCharsets.UTF_8);
            assertEquals(0, kubectl.exitValue(), "kubectl kustomize " + dir + ": " + rendered);
            List<JsonNode> docs = new ArrayList<>();
            try (var values = YAML.readerFor(JsonNode.class).readValues(rendered)) {
                while (values.hasNext()) docs.add((JsonNode) values.next());
            }
            return docs;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static JsonNode one(List<JsonNode> docs, String kind, String name) {
        List<JsonNode> found = docs.stream()
                .filter(d -> d.path("kind").asText().equals(kind) && d.at("/metadata/name").asText().equals(name)).toList();
        assertEquals(1, found.size(), "one " + kind + " named " + name);
        return found.get(0);
    }

    private static JsonNode container(JsonNode deployment) {
        JsonNode containers = deployment.at("/spec/template/spec/containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static Map<String, String> configMap(List<JsonNode> docs, JsonNode container) {
        Map<String, String> data = new HashMap<>();
        one(docs, "ConfigMap", container.at("/envFrom/0/configMapRef/name").asText()).get("data")
                .fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        return data;
    }

    private static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.get("name").asText(), e.path("value").asText()));
        return env;
    }

    /** The name of the volume mounted at {@code path}. */
    private static String mountedAt(JsonNode container, String path) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (mount.get("mountPath").asText().equals(path)) return mount.get("name").asText();
        }
        throw new AssertionError("nothing is mounted at " + path + " in " + container.path("volumeMounts"));
    }

    private static JsonNode volume(JsonNode podTemplate, String name) {
        for (JsonNode volume : podTemplate.at("/spec/volumes")) {
            if (volume.get("name").asText().equals(name)) return volume;
        }
        throw new AssertionError("no volume " + name);
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        List<String> missing = new ArrayList<>();
        selector.fields().forEachRemaining(e -> {
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) missing.add(e.getKey());
        });
        return !selector.isEmpty() && missing.isEmpty();
    }

    /** What a Dockerfile in docker/ declares: its ARG defaults, the ENV of its last stage, what it EXPOSEs, its USER. */
    private record Dockerfile(String name, Map<String, String> args, Map<String, String> env, Set<Integer> exposed, String user) {
        static Dockerfile read(String name) throws IOException {
            String text = Files.readString(ROOT.resolve("docker").resolve(name)).replaceAll("\\\\\\n", " ");
            Map<String, String> args = new HashMap<>();
            Map<String, String> env = new HashMap<>();
            Set<Integer> exposed = new HashSet<>();
            String user = null;
            for (String line : text.split("\n")) {
                String[] words = line.strip().split("\\s+");
                switch (words[0]) {
                    case "ARG" -> args.put(words[1].split("=", 2)[0], words[1].contains("=") ? words[1].split("=", 2)[1] : null);
                    case "FROM" -> env.clear();
                    case "ENV" -> {
                        for (int i = 1; i < words.length; i++) env.put(words[i].split("=", 2)[0], words[i].split("=", 2)[1]);
                    }
                    case "EXPOSE" -> {
                        for (int i = 1; i < words.length; i++) exposed.add(Integer.parseInt(words[i]));
                    }
                    case "USER" -> user = words[1];
                    default -> { }
                }
            }
            return new Dockerfile(name, args, env, exposed, user);
        }
    }
}
