package org.dataright.service.openapi;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Puts the words of {@code openapi/descriptions.yml} into the generated document: the API's title and
 * description; each operation's summary, description, parameters' descriptions and problem responses
 * (RFC 9457, {@code application/problem+json}, schema {@code Problem}); each schema's and field's
 * description. Spring's {@code /error}, which answers forwarded errors, is no operation of the API.
 * What the file does not describe stays undescribed: {@code OpenApiDescriptionsIT} fails on it.
 */
@Component
class ApiDescriptions implements OpenApiCustomizer {
    static final String RESOURCE = "openapi/descriptions.yml";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM = "Problem";

    private final Map<String, Object> words;

    ApiDescriptions() {
        try (InputStream in = ApiDescriptions.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the service's jar has no " + RESOURCE);
            }
            words = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void customise(OpenAPI api) {
        Map<String, Object> info = map(words, "info");
        api.getInfo().title(text(info, "title")).description(text(info, "description"));
        api.getPaths().remove("/error");
        api.getComponents().getSchemas().remove("ProblemDetail");
        api.getComponents().addSchemas(PROBLEM, problemSchema());
        Map<String, Object> operations = map(words, "operations");
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> describe(
                operation, map(operations, method.name() + " " + path))));
        Map<String, Object> schemas = map(words, "schemas");
        api.getComponents().getSchemas().forEach((name, schema) -> describe(schema, map(schemas, name)));
    }

    private void describe(Operation operation, Map<String, Object> words) {
        if (words.isEmpty()) {
            return;
        }
        operation.summary(text(words, "summary")).description(text(words, "description"));
        Map<String, Object> parameters = map(words, "parameters");
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                parameter.description(text(parameters, parameter.getName()));
            }
        }
        Map<String, Object> body = map(words, "requestBody");
        if (operation.getRequestBody() != null && !body.isEmpty()) {
            operation.getRequestBody().description(text(body, "description"));
            operation.getRequestBody().getContent().values().forEach(media -> describe(media.getSchema(), body));
        }
        Map<String, Object> problems = map(this.words, "problems");
        for (Object status : list(words, "problems")) {
            operation.getResponses().addApiResponse(status.toString(), new ApiResponse()
                    .description(text(problems, status.toString()))
                    .content(new Content().addMediaType(PROBLEM_JSON,
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
        }
    }

    private static void describe(Schema<?> schema, Map<String, Object> words) {
        if (schema == null || words.isEmpty()) {
            return;
        }
        if (words.containsKey("description")) {
            schema.description(text(words, "description"));
        }
        Map<String, Object> properties = map(words, "properties");
        if (schema.getProperties() != null) {
            schema.getProperties().forEach((name, property) -> property.description(text(properties, name)));
        }
    }

    private static Schema<?> problemSchema() {
        ObjectSchema problem = new ObjectSchema();
        problem.addProperty("type", new StringSchema().format("uri")).addProperty("title", new StringSchema())
                .addProperty("status", new IntegerSchema()).addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri")).addProperty("code", new StringSchema());
        problem.setRequired(List.of("status", "code", "detail"));
        return problem;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> in, String key) {
        Object value = in.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static List<?> list(Map<String, Object> in, String key) {
        return in.get(key) instanceof List<?> l ? l : List.of();
    }

    private static String text(Map<String, Object> in, String key) {
        Object value = in.get(key);
        return value == null ? null : value.toString().strip();
    }
}
