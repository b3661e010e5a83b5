package org.dataright.ledger.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

/**
 * A Fabric common connection profile (JSON, or YAML by its file name, as {@code network-config/} and
 * Fabric's test network write them): the organisations with their MSP ids and peers, and each peer's
 * address, TLS root and TLS server name. Read once, strictly; what is missing is named in an
 * {@link IllegalArgumentException} when it is asked for.
 */
public final class ConnectionProfile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path file;
    private final JsonNode root;

    private ConnectionProfile(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /**
     * Reads the file.
     *
     * @throws IOException when it cannot be read or parsed
     * @throws IllegalArgumentException when it is not an object
     */
    public static ConnectionProfile read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML : Json.MAPPER;
        JsonNode root = mapper.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("it is not a JSON or YAML object");
        }
        return new ConnectionProfile(file, root);
    }

    /** The MSP id of the client organisation: {@code client.organization}, else the first organisation. */
    public String clientMspId() {
        JsonNode organization = clientOrganization();
        if (organization == null) {
            throw new IllegalArgumentException("it names no client organisation under 'organizations'");
        }
        String mspId = organization.path("mspid").asText(null);
        if (mspId == null) {
            throw new IllegalArgumentException("the client organisation has no 'mspid'");
        }
        return mspId;
    }

    /**
     * The gateway peer: {@code peer} when named, else the first peer of the organisation whose MSP id is
     * {@code mspId} (or of the client organisation when that is null), else the first peer of the profile.
     *
     * @throws IOException when a TLS root file it names cannot be read
     */
    public LedgerEndpoint endpoint(String peer, String mspId, String channel, String chaincode) throws IOException {
        String name = peer == null || peer.isBlank() ? choosePeer(mspId) : peer;
        JsonNode entry = root.path("peers").path(name);
        if (!entry.isObject()) {
            throw new IllegalArgumentException("it has no peer '" + name + "' under 'peers'");
        }
        String url = entry.path("url").asText(null);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("peer '" + name + "' has no 'url'");
        }
        URI uri;
        try {
            uri = URI.create(url.contains("://") ? url : "grpc://" + url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("peer url '" + url + "' is not grpc[s]://host:port", e);
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("peer url '" + url + "' is not grpc[s]://host:port");
        }
        boolean tls = "grpcs".equalsIgnoreCase(uri.getScheme());
        String tlsRoot = tls ? tlsRoot(entry.path("tlsCACerts")) : null;
        if (tls && tlsRoot == null) {
            throw new IllegalArgumentException("peer '" + name + "' uses grpcs but has no tlsCACerts");
        }
        JsonNode grpc = entry.path("grpcOptions");
        String override = grpc.path("ssl-target-name-override").asText(grpc.path("hostnameOverride").asText(null));
        return new LedgerEndpoint(uri.getHost() + ":" + uri.getPort(), tlsRoot, override, channel, chaincode);
    }

    private String choosePeer(String mspId) {
        JsonNode organization = mspId == null ? clientOrganization() : organizationOf(mspId);
        String first = organization == null ? null : organization.path("peers").path(0).asText(null);
        if (first != null && root.path("peers").has(first)) {
            return first;
        }
        Iterator<String> names = root.path("peers").fieldNames();
        if (!names.hasNext()) {
            throw new IllegalArgumentException("it lists no peers");
        }
        return names.next();
    }

    private JsonNode clientOrganization() {
        String name = root.path("client").path("organization").asText(null);
        JsonNode organizations = root.path("organizations");
        if (name != null) {
            return organizations.has(name) ? organizations.get(name) : null;
        }
        Iterator<JsonNode> all = organizations.elements();
        return all.hasNext() ? all.next() : null;
    }

    private JsonNode organizationOf(String mspId) {
        for (JsonNode organization : root.path("organizations")) {
            if (mspId.equals(organization.path("mspid").asText(null))) {
                return organization;
            }
        }
        return null;
    }

    /** {@code pem} (a string, or the first of a list) or {@code path}, relative to the profile's folder. */
    private String tlsRoot(JsonNode certs) throws IOException {
        JsonNode pem = certs.path("pem");
        if (pem.isArray()) {
            pem = pem.path(0);
        }
        if (pem.isTextual()) {
            return pem.asText();
        }
        String path = certs.path("path").asText(null);
        if (path == null) {
            return null;
        }
        Path base = file.toAbsolutePath().getParent();
        return Files.readString(base == null ? Path.of(path) : base.resolve(path), StandardCharsets.US_ASCII);
    }
}
