package org.dataright.cli.profile;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.Env;
import org.dataright.cli.base.Output;

/**
 * Profiles in the user's config directory: {@code $DPR_HOME}, else {@code $XDG_CONFIG_HOME/dpr},
 * else {@code ~/.config/dpr}; one directory per profile under {@code profiles/}.
 */
public final class ProfileStore {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String PROFILE_FILE = "profile.json";

    private final Path root;

    public ProfileStore(Path root) {
        this.root = root;
    }

    public static ProfileStore of(Env env) {
        return new ProfileStore(configDir(env));
    }

    static Path configDir(Env env) {
        return env.variable("DPR_HOME").map(Path::of)
                .or(() -> env.variable("XDG_CONFIG_HOME").map(x -> Path.of(x, "dpr")))
                .orElseGet(() -> env.userHome().resolve(".config").resolve("dpr"));
    }

    public Path root() {
        return root;
    }

    public Path dir(String name) {
        if (!NAME.matcher(name).matches()) {
            throw CliException.usage("INVALID_PROFILE_NAME",
                    "profile name '" + name + "' is not letters, digits, '.', '_' or '-' (at most 64)",
                    "choose a name such as 'default' or 'acme-prod'");
        }
        return root.resolve("profiles").resolve(name);
    }

    public boolean exists(String name) {
        return Files.isRegularFile(dir(name).resolve(PROFILE_FILE));
    }

    public Profile load(String name) {
        Path file = dir(name).resolve(PROFILE_FILE);
        if (!Files.isRegularFile(file)) {
            throw CliException.usage("NO_PROFILE", "there is no profile '" + name + "' in " + root,
                    "run 'dpr init --profile " + name + " --service http://127.0.0.1:8080' (or --fabric …)");
        }
        try {
            JsonNode node = Output.JSON.readTree(file.toFile());
            String service = node.path("serviceUrl").isTextual() ? node.get("serviceUrl").asText() : null;
            URI serviceUrl = service == null ? null : URI.create(service);
            // The rule dpr init applies: an edited file must not point dpr at file: or other schemes.
            if (serviceUrl != null && (serviceUrl.getHost() == null
                    || !("http".equals(serviceUrl.getScheme()) || "https".equals(serviceUrl.getScheme())))) {
                throw new IllegalArgumentException("serviceUrl '" + service + "' is not an http:// or https:// URL with a host");
            }
            return new Profile(name, Profile.Mode.valueOf(node.path("mode").asText().toUpperCase(Locale.ROOT)),
                    serviceUrl, node.path("channel").asText(Profile.DEFAULT_CHANNEL),
                    node.path("chaincode").asText(Profile.DEFAULT_CHAINCODE), dir(name));
        } catch (IOException | IllegalArgumentException e) {
            throw CliException.usage("PROFILE_UNREADABLE", "profile file " + file + " cannot be read: " + e.getMessage(),
                    "run 'dpr init --profile " + name + " --force …' to write it again");
        }
    }

    /**
     * Removes a profile this very command created and could not complete (an enrolment that failed), so no
     * half-made profile is left behind. A failure to remove is reported, never swallowed.
     */
    public void deleteNew(Profile profile) {
        try (java.util.stream.Stream<Path> files = Files.walk(profile.dir())) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw CliException.failed("WRITE_FAILED", "cannot remove the profile " + profile.dir()
                    + " of the failed enrolment: " + e.getMessage(), "remove it by hand", e);
        }
    }

    /** Writes {@code profile.json}; the directory is created readable by the owner only. */
    public void save(Profile profile) {
        try {
            SecureFiles.createPrivateDirectory(profile.dir());
            Files.writeString(profile.dir().resolve(PROFILE_FILE),
                    Output.JSON.writeValueAsString(profile.toJson()) + "\n");
        } catch (IOException e) {
            throw CliException.failed("WRITE_FAILED", "cannot write profile " + profile.dir() + ": " + e.getMessage(),
                    "check that " + root + " is writable, or set DPR_HOME", e);
        }
    }
}
