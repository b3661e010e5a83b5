package org.dataright.service.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** What every refusal must look like: a 4xx problem with the service's code and a sentence a person can read. */
final class Problems {
    private Problems() {
    }

    /** A problem with exactly this status and code. */
    static JsonNode assertProblem(String what, RawHttp.Response response, int status, String code) {
        JsonNode problem = assertProblem(what, response);
        assertThat(response.status()).as(what + ": " + response).isEqualTo(status);
        assertThat(problem.path("code").asText()).as(what + ": " + response).isEqualTo(code);
        return problem;
    }

    /**
     * A client error (never 5xx) as an RFC 9457 problem: the service's type URI, the status repeated in the
     * body, an upper-case code, and a detail without Java class names or stack traces.
     */
    static JsonNode assertProblem(String what, RawHttp.Response response) {
        assertThat(response.status()).as(what + ": " + response).isBetween(400, 499);
        assertThat(response.contentType()).as(what + ": " + response).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("status").asInt()).as(what + ": " + response).isEqualTo(response.status());
        assertThat(problem.path("code").asText()).as(what + ": " + response).matches("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");
        assertThat(problem.path("type").asText()).as(what + ": " + response).startsWith("urn:dataright:problem:");
        assertReadable(what + ": " + response, problem.path("detail").asText());
        return problem;
    }

    /** A sentence: not empty, no exception class names, no package names, no stack frames. */
    static void assertReadable(String what, String detail) {
        assertThat(detail).as(what).isNotBlank()
                .doesNotContainPattern("\\b(java|javax|jakarta|org\\.springframework|org\\.apache|com\\.fasterxml|org\\.bouncycastle"
                        + "|org\\.dataright)\\.[a-z]")
                .doesNotContain("Exception", "\tat ");
    }
}
