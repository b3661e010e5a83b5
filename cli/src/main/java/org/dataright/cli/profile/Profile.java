package org.dataright.cli.profile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.Output;

/**
 * A profile: which registry to talk to and how. Embedded mode needs the service URL only (the service
 * tells where its embedded peer listens); fabric mode adds a connection profile and the trust bundle.
 * Everything of a profile, the identity included, lives in its own directory.
 */
public record Profile(String name, Mode mode, URI serviceUrl, String channel, String chaincode, Path dir) {

    public static final String DEFAULT_CHANNEL = "registry";
    public static final String DEFAULT_CHAINCODE = "rights";
    static final String CONNECTION_PROFILE = "connection-profile";
    static final String TRUST_BUNDLE = "trust-bundle.json";

    /** Where the ledger endpoint comes from. */
    public enum Mode { EMBEDDED, FABRIC }

    /** Parses a {@code --service} value: an http(s) URL with a host, without a trailing slash; null stays null. */
    public static URI serviceUrl(picocli.CommandLine commandLine, String value) {
        if (value == null) {
            return null;
        }
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new picocli.CommandLine.ParameterException(commandLine,
                "--service '" + value + "' is not an http:// or https:// URL with a host");
    }

    public Optional<URI> service() {
        return Optional.ofNullable(serviceUrl);
    }

    /** The service URL, or a usage error saying how to set one. */
    public URI requireService() {
        if (serviceUrl == null) {
            throw CliException.usage("NO_SERVICE_URL", "profile '" + name + "' has no registry service URL",
                    "run 'dpr init --profile " + name + " --force … --service URL'");
        }
        return serviceUrl;
    }

    /** The copied Fabric connection profile (fabric mode). */
    public Optional<Path> connectionProfile() {
        for (String ext : new String[] {".json", ".yaml", ".yml"}) {
            Path p = dir.resolve(CONNECTION_PROFILE + ext);
            if (p.toFile().isFile()) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Keeps a copy of {@code source} as the profile's connection profile, JSON or YAML as its name says. */
    public void copyConnectionProfile(Path source) throws IOException {
        String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
        String ext = name.endsWith(".yaml") || name.endsWith(".yml") ? ".yaml" : ".json";
        for (String old : new String[] {".json", ".yaml", ".yml"}) {
            Files.deleteIfExists(dir.resolve(CONNECTION_PROFILE + old));
        }
        Files.copy(source, dir.resolve(CONNECTION_PROFILE + ext), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The trust bundle kept with the profile: copied at init (fabric) or fetched at enrollment (embedded). */
    public Path trustBundle() {
        return dir.resolve(TRUST_BUNDLE);
    }

    ObjectNode toJson() {
        ObjectNode node = Output.object();
        node.put("name", name);
        node.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        node.put("serviceUrl", serviceUrl == null ? null : serviceUrl.toString());
        node.put("channel", channel);
        node.put("chaincode", chaincode);
        return node;
    }

    /** The profile as {@code dpr init} reports it. */
    public ObjectNode describe() {
        ObjectNode node = toJson();
        node.put("directory", dir.toString());
        node.put("connectionProfile", connectionProfile().map(Path::toString).orElse(null));
        node.put("trustBundle", trustBundle().toFile().isFile() ? trustBundle().toString() : null);
        return node;
    }
}
