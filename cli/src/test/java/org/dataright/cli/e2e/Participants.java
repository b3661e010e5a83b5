package org.dataright.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.dataright.cli.Cli;
import org.dataright.cli.base.Output;
import org.dataright.testsupport.RegistryServiceProcess;

/**
 * Enrolment through dpr against a started registry service, as participants do it: the registrar
 * imports the service's admin identity and issues one-time tokens, each participant enrols with its
 * own key in its own profile.
 */
final class Participants {
    static final String REGISTRAR = "registrar";

    private Participants() {
    }

    /** The command succeeded; its {@code --json} output. */
    static JsonNode json(Cli.Result r) {
        assertThat(r.exit()).as("exit code; stderr: %s; stdout: %s", r.err(), r.out()).isEqualTo(0);
        try {
            return Output.JSON.readTree(r.out());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r.out(), e);
        }
    }

    /** {@code dpr --profile registrar identity import --service URL --cert … --key …}. */
    static void importRegistrar(Cli cli, RegistryServiceProcess service) {
        JsonNode registrar = json(cli.run("--profile", REGISTRAR, "identity", "import", "--service",
                service.url().toString(), "--cert", service.registrarCertificate().toString(),
                "--key", service.registrarKey().toString(), "--json"));
        assertThat(registrar.get("role").asText()).isEqualTo("registrar");
    }

    /** A token from the registrar, then {@code dpr identity enroll} in {@code profile}; returns the party id. */
    static String enrol(Cli cli, RegistryServiceProcess service, String profile, String role, String name) {
        JsonNode token = json(cli.run("--profile", REGISTRAR, "token", "issue", "--role", role, "--name", name,
                "--json"));
        assertThat(token.get("role").asText()).isEqualTo(role);
        JsonNode identity = json(cli.run("--profile", profile, "identity", "enroll", "--service",
                service.url().toString(), "--token", token.get("token").asText(), "--name", name, "--json"));
        assertThat(identity.get("role").asText()).isEqualTo(role);
        assertThat(identity.get("party").asText()).isEqualTo("RegistryMSP::OU=client,CN=" + name);
        return identity.get("party").asText();
    }
}
