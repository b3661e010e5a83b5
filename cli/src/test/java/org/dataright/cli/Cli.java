package org.dataright.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.dataright.cli.base.Env;
import picocli.CommandLine;

/** Runs dpr in-process against a temporary config directory and a fixed clock. */
public final class Cli {
    public static final Instant NOW = Instant.parse("2025-06-01T08:00:00Z");

    private final Path home;
    private final Map<String, String> variables = new HashMap<>();
    private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    public Cli(Path home) {
        this.home = home;
        variables.put("DPR_HOME", home.resolve("config").toString());
    }

    public Path home() {
        return home;
    }

    public Path configDir() {
        return home.resolve("config");
    }

    public Cli with(String variable, String value) {
        variables.put(variable, value);
        return this;
    }

    /** The machine's clock instead of {@link #NOW}: a real service checks signed requests' timestamps. */
    public Cli withSystemClock() {
        clock = Clock.systemUTC();
        return this;
    }

    /** What a run printed and returned. */
    public record Result(int exit, String out, String err) {
    }

    public Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Env env = new Env(clock, variables, home, false);
        CommandLine commandLine = Dpr.commandLine(new Dpr(env));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    /** A loopback port nothing listens on. */
    public static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
