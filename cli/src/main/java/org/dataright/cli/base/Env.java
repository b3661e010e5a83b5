package org.dataright.cli.base;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What dpr takes from the machine it runs on, injected so tests control it: the clock, the
 * environment variables, the user's home and whether stderr is a terminal (for progress bars).
 */
public record Env(Clock clock, Map<String, String> variables, Path userHome, boolean stderrIsTerminal) {

    public Env {
        variables = Map.copyOf(variables);
    }

    /** The real machine. */
    public static Env system() {
        return new Env(Clock.systemUTC(), System.getenv(), Path.of(System.getProperty("user.home")),
                detectTerminal());
    }

    public Optional<String> variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    public boolean debug() {
        return variable("DPR_DEBUG").isPresent();
    }

    private static boolean detectTerminal() {
        Path fd = Path.of("/proc/self/fd/2");
        try {
            if (Files.isSymbolicLink(fd)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
        return System.console() != null;
    }
}
