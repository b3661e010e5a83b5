package org.dataright.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * dpr as users run it: {@code java -jar dpr.jar …} in its own JVM, with its profiles in a home of its own
 * ({@code DPR_HOME}), stdout and stderr kept apart so that {@code --json} output parses.
 */
final class DprCli {
    private static final long TIMEOUT_SECONDS = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path jar;
    private final Path home;

    /** One run: exit code (see cli/README.md: 0 ok, 1 verification failed, 2 usage, 3 rejected, 4 unreachable), stdout, stderr. */
    record Run(List<String> args, int exitCode, String stdout, String stderr) {
        JsonNode json() {
            try {
                return JSON.readTree(stdout);
            } catch (IOException e) {
                throw new UncheckedIOException("dpr " + String.join(" ", args) + " printed no JSON: " + stdout, e);
            }
        }

        String describe() {
            return "dpr " + String.join(" ", args) + " -> exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    DprCli(Path jar, Path home) {
        this.jar = jar;
        this.home = home;
    }

    Run run(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-jar", jar.toString()));
        command.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("DPR_HOME", home.toString());
        env.put("DPR_PROFILE", null); // only --profile chooses
        Network.Captured c = Network.capture(home.getParent(), env, TIMEOUT_SECONDS, command.toArray(String[]::new));
        Run run = new Run(List.of(args), c.exitCode(), c.stdout(), c.stderr());
        System.out.println(run.describe());
        return run;
    }

    /**
     * Runs a bash script in which {@code ./dpr} (the launcher the README's commands call) is this jar
     * with this home, as a line copied from a README is run; stdout of the script.
     */
    String shell(String script) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String body = "dpr() { \"$DPR_TEST_JAVA\" -XX:+UseSerialGC -jar \"$DPR_TEST_JAR\" \"$@\"; }\n"
                + script.replace("./dpr ", "dpr ");
        Map<String, String> env = new HashMap<>();
        env.put("DPR_HOME", home.toString());
        env.put("DPR_PROFILE", null);
        env.put("DPR_TEST_JAVA", java);
        env.put("DPR_TEST_JAR", jar.toString());
        Network.Captured c = Network.capture(home.getParent(), env, TIMEOUT_SECONDS, "bash", "-c", body);
        System.out.println("$ " + script + "\n-> exit " + c.exitCode() + "\n" + c.stdout() + c.stderr());
        if (c.exitCode() != 0) {
            throw new AssertionError("bash -c '" + script + "' -> exit " + c.exitCode() + "\n" + c.stderr());
        }
        return c.stdout();
    }

    /** Runs dpr with {@code --json}, which must succeed; its JSON output. */
    JsonNode ok(String... args) {
        List<String> withJson = new ArrayList<>(List.of("--json"));
        withJson.addAll(List.of(args));
        Run run = run(withJson.toArray(String[]::new));
        if (run.exitCode() != 0) {
            throw new AssertionError(run.describe());
        }
        return run.json();
    }
}
