package org.dataright.service.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dataright.service.RegistryClient;
import org.dataright.service.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The OpenAPI document of the whole service (embedded mode) describes everything: each operation has a
 * summary, a description, described parameters and request body, and its problem responses
 * ({@code application/problem+json}); each schema and field is described; {@code /error} is not listed;
 * and {@code openapi/descriptions.yml} describes no operation the service does not have. A new endpoint
 * without words fails here, naming what lacks them.
 */
class OpenApiDescriptionsIT {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @TempDir
    static Path data;

    private static ConfigurableApplicationContext context;
    private static JsonNode api;

    @BeforeAll
    static void start() throws Exception {
        context = TestServices.start(data);
        api = RegistryClient.JSON.readTree(new RegistryClient(TestServices.baseUrl(context)).get("/v3/api-docs").body());
    }

    @AfterAll
    static void stop() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void everyOperationParameterAndSchemaIsDescribed() {
        List<String> missing = new ArrayList<>();
        assertThat(api.get("info").path("description").asText()).isNotBlank();
        api.get("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            String name = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
            JsonNode operation = op.getValue();
            for (String field : List.of("summary", "description")) {
                if (operation.path(field).asText().isBlank()) {
                    missing.add(name + ": " + field);
                }
            }
            for (JsonNode parameter : operation.path("parameters")) {
                if (parameter.path("description").asText().isBlank()) {
                    missing.add(name + ": parameter " + parameter.get("name").asText());
                }
            }
            JsonNode body = operation.path("requestBody");
            if (!body.isMissingNode()) {
                body.path("content").forEach(media -> media.path("schema").path("properties").properties().forEach(
                        p -> {
                            if (p.getValue().path("description").asText().isBlank()) {
                                missing.add(name + ": request body field " + p.getKey());
                            }
                        }));
            }
            boolean problems = false;
            for (var response : operation.path("responses").properties()) {
                if (response.getKey().matches("[45]\\d\\d")) {
                    problems = true;
                    if (response.getValue().path("description").asText().isBlank()
                            || !response.getValue().path("content").has("application/problem+json")) {
                        missing.add(name + ": problem response " + response.getKey());
                    }
                }
            }
            if (!problems) {
                missing.add(name + ": problem responses");
            }
        }));
        api.get("components").get("schemas").properties().forEach(schema -> {
            if (schema.getValue().path("description").asText().isBlank()) {
                missing.add("schema " + schema.getKey());
            }
            schema.getValue().path("properties").properties().forEach(p -> {
                if (p.getValue().path("description").asText().isBlank()) {
                    missing.add("schema " + schema.getKey() + ": field " + p.getKey());
                }
            });
        });
        assertThat(missing).as("undescribed in the OpenAPI document: describe them in " + ApiDescriptions.RESOURCE)
                .isEmpty();
    }

    @Test
    void springsErrorPathIsNotAnOperation() {
        assertThat(api.get("paths").has("/error")).isFalse();
        assertThat(api.get("components").get("schemas").has("Problem")).isTrue();
    }

    @Test
    void theDescriptionsNameOnlyOperationsThatExist() throws Exception {
        Map<String, Object> words;
        try (InputStream in = ApiDescriptions.class.getClassLoader().getResourceAsStream(ApiDescriptions.RESOURCE)) {
            words = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        Set<String> documented = new TreeSet<>();
        api.get("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            String method = entry.getKey();
            if (METHODS.contains(method)) {
                documented.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        @SuppressWarnings("unchecked")
        Map<String, Object> operations = (Map<String, Object>) words.get("operations");
        assertThat(new TreeSet<>(operations.keySet())).isEqualTo(documented);
    }
}
