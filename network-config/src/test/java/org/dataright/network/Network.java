package org.dataright.network;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** network-config on disk: its folder, its tables and settings, and running its scripts. */
final class Network {
    static final Path DIR = locate();

    /** A row of config/orgs.tsv. */
    record Org(String name, String mspId, String domain, String kind, String ca) {
        /** The short name used for CA homes and profile files: ca-registry gives registry. */
        String shortName() {
            return ca.substring("ca-".length());
        }
    }

    /** A row of config/nodes.tsv; port2 and opsPort are null where the table has "-". */
    record Node(String name, String kind, String org, String host, int port, Integer port2, Integer opsPort) { }

    /** A row of organizations/identities.tsv. */
    record ClientIdentity(String org, String name, String role) { }

    /** What a script printed and how it ended. */
    record Result(int exitCode, String output) { }

    /** What a program wrote to stdout and to stderr, and how it ended. */
    record Captured(int exitCode, String stdout, String stderr) { }

    /** A client identity's certificate and key inside its MSP folder, as crypto.sh and role-identity.sh write them. */
    static final String SIGN_CERT = "signcerts/cert.pem";
    static final String PRIVATE_KEY = "keystore/priv_sk";

    private Network() {
    }

    private static Path locate() {
        String env = System.getenv("DPR_NETWORK_DIR");
        Path dir = env != null ? Path.of(env) : Path.of("").toAbsolutePath();
        if (!Files.exists(dir.resolve("network.sh")) && Files.exists(dir.resolve("network-config/network.sh"))) {
            dir = dir.resolve("network-config");
        }
        return dir.toAbsolutePath().normalize();
    }

    static List<String[]> table(Path file) {
        List<String[]> rows = new ArrayList<>();
        for (String line : lines(file)) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            rows.add(line.split("\t", -1));
        }
        return rows;
    }

    static List<Org> orgs() {
        return table(DIR.resolve("config/orgs.tsv")).stream()
                .map(r -> new Org(r[0], r[1], r[2], r[3], r[4])).toList();
    }

    static Org org(String name) {
        return orgs().stream().filter(o -> o.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no organisation " + name + " in config/orgs.tsv"));
    }

    static List<Node> nodes() {
        return table(DIR.resolve("config/nodes.tsv")).stream()
                .map(r -> new Node(r[0], r[1], r[2], r[3], Integer.parseInt(r[4]), number(r[5]), number(r[6]))).toList();
    }

    static List<Node> nodes(String kind) {
        return nodes().stream().filter(n -> n.kind().equals(kind)).toList();
    }

    static List<ClientIdentity> identities() {
        return table(DIR.resolve("organizations/identities.tsv")).stream()
                .map(r -> new ClientIdentity(r[0], r[1], r[2])).toList();
    }

    /** The organisation's folder of crypto material under {@code networkDir} (common.sh's org_dir). */
    static Path orgDir(Path networkDir, Org org) {
        return networkDir.resolve("organizations/" + org.kind() + "Organizations/" + org.domain());
    }

    /** The MSP folder of a client identity of organizations/identities.tsv (common.sh's user_dir, plus msp). */
    static Path userMsp(Path networkDir, String orgName, String user) {
        Org org = org(orgName);
        return orgDir(networkDir, org).resolve("users/" + user + "@" + org.domain() + "/msp");
    }

    /** The connection profile export.sh writes for a peer organisation's clients. */
    static Path connectionProfile(Path networkDir, Org org) {
        return networkDir.resolve("run/profiles/connection-" + org.shortName() + ".json");
    }

    /** The trust bundle export.sh writes for verifiers. */
    static Path trustBundle(Path networkDir) {
        return networkDir.resolve("run/trust-bundle.json");
    }

    /** The registry service's registry.tlog.witnesses lines, one a witness, that `up` writes (native.sh make-witnesses). */
    static final String WITNESSES_FILE = "run/witnesses/tlog-witnesses.txt";

    /** The name of each witness organisation's client the full-audit witness reads blocks as (native.sh). */
    static final String WITNESS_USER = "witness";

    /** The registry operator's identity of organizations/identities.tsv without a role: the registry service's own. */
    static ClientIdentity serviceIdentity() {
        List<ClientIdentity> roleless = identities().stream()
                .filter(i -> i.role().equals("-") && i.org().equals("RegistryOrg")).toList();
        if (roleless.size() != 1) {
            throw new AssertionError("organizations/identities.tsv must list exactly one RegistryOrg identity with role '-' "
                    + "(the registry service's), not " + roleless);
        }
        return roleless.get(0);
    }

    /**
     * Copies what the scripts need (network.sh, network.config, config/, scripts/, identities.tsv) into
     * {@code target}, so a test can run them on crypto material of its own without touching network-config.
     */
    static Path copyScripts(Path target) {
        return copy(target, SCRIPTS);
    }

    /** What {@link #copyScripts} copies. */
    static final List<String> SCRIPTS = List.of("network.sh", "network.config", "config", "scripts", "organizations/identities.tsv");

    /** Copies the files and folders {@code parts} (paths inside network-config) into {@code target}. */
    static Path copy(Path target, List<String> parts) {
        try {
            for (String part : parts) {
                Path from = DIR.resolve(part);
                try (Stream<Path> walk = Files.walk(from)) {
                    for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                        Path to = target.resolve(DIR.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(to);
                        } else {
                            Files.createDirectories(to.getParent());
                            Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                        }
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** dpr.jar, which export.sh runs to write the trust bundle (surefire passes dpr.cliJar; else the reactor's path). */
    static Path cliJar() {
        String configured = System.getProperty("dpr.cliJar");
        return configured != null ? Path.of(configured).normalize() : DIR.resolve("../cli/target/dpr.jar").normalize();
    }

    /** The environment that runs network-config's scripts on a copy made with {@link #copyScripts}. */
    static Map<String, String> scriptEnv(Path copy) {
        return Map.of("NETWORK_DIR", copy.toString(), "DPR_JAR", cliJar().toString());
    }

    /** network.config's KEY=value lines, quotes removed. */
    static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        Pattern line = Pattern.compile("^([A-Z_][A-Z0-9_]*)=(.*)$");
        for (String l : lines(DIR.resolve("network.config"))) {
            Matcher m = line.matcher(l.strip());
            if (m.matches()) {
                String value = m.group(2);
                if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                        || value.startsWith("'") && value.endsWith("'"))) {
                    value = value.substring(1, value.length() - 1);
                }
                settings.put(m.group(1), value);
            }
        }
        return settings;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command in {@code dir} with extra environment, output (stdout and stderr) captured. */
    static Result run(Path dir, Map<String, String> env, long timeoutSeconds, String... command) {
        try {
            Path log = Files.createTempFile("dpr-run", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor();
                    return new Result(-1, read(log) + "\n[timed out after " + timeoutSeconds + " s]");
                }
                return new Result(p.exitValue(), read(log));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** Runs a command in {@code dir} with extra environment (variables mapped to null are removed), stdout and stderr apart. */
    static Captured capture(Path dir, Map<String, String> env, long timeoutSeconds, String... command) {
        try {
            Path out = Files.createTempFile("dpr-out", ".log");
            Path err = Files.createTempFile("dpr-err", ".log");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectOutput(out.toFile()).redirectError(err.toFile());
                env.forEach((name, value) -> {
                    if (value == null) {
                        pb.environment().remove(name);
                    } else {
                        pb.environment().put(name, value);
                    }
                });
                Process p = pb.start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor();
                    return new Captured(-1, read(out), read(err) + "\n[timed out after " + timeoutSeconds + " s]");
                }
                return new Captured(p.exitValue(), read(out), read(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static Integer number(String cell) {
        return "-".equals(cell) ? null : Integer.valueOf(cell);
    }
}
