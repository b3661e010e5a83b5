package org.dataright.cli.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import org.dataright.cli.Output;

/**
 * The parts of a Fabric common connection profile (JSON or YAML) that a gateway client needs: the
 * client organisation's MSP id and its first peer's endpoint, TLS root and host name override.
 */
public record ConnectionProfile(String mspId, String peerName, String endpoint, boolean tls, String tlsRootPem,
        String hostnameOverride) {

    /** Reads and checks a connection profile; {@link IllegalArgumentException} names what is missing. */
    public static ConnectionProfile read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = name.endsWith(".yaml") || name.endsWith(".yml") ? new ObjectMapper(new YAMLFactory())
                : Output.JSON;
        JsonNode root = mapper.readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("it is not a JSON or YAML object");
        }
        String org = root.path("client").path("organization").asText(null);
        JsonNode orgs = root.path("organizations");
        JsonNode organization = org != null ? orgs.path(org) : first(orgs);
        if (organization == null || organization.isMissingNode()) {
            throw new IllegalArgumentException("it names no client organisation under 'organizations'");
        }
        String mspId = organization.path("mspid").asText(null);
        if (mspId == null) {
            throw new IllegalArgumentException("the client organisation has no 'mspid'");
        }
        String peerName = organization.path("peers").path(0).asText(null);
        JsonNode peer = peerName != null ? root.path("peers").path(peerName) : null;
        if (peer == null || peer.isMissingNode()) {
            var names = root.path("peers").fieldNames();
            if (!names.hasNext()) {
                throw new IllegalArgumentException("it lists no peers");
            }
            peerName = names.next();
            peer = root.path("peers").path(peerName);
        }
        String url = peer.path("url").asText(null);
        if (url == null) {
            throw new IllegalArgumentException("peer '" + peerName + "' has no 'url'");
        }
        URI uri = URI.create(url.contains("://") ? url : "grpc://" + url);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("peer url '" + url + "' is not grpc[s]://host:port");
        }
        boolean tls = "grpcs".equals(uri.getScheme());
        String pem = tlsPem(peer.path("tlsCACerts"), file.getParent());
        if (tls && pem == null) {
            throw new IllegalArgumentException("peer '" + peerName + "' uses TLS but has no tlsCACerts");
        }
        JsonNode grpc = peer.path("grpcOptions");
        String override = grpc.path("ssl-target-name-override").asText(grpc.path("hostnameOverride").asText(null));
        return new ConnectionProfile(mspId, peerName, uri.getHost() + ":" + uri.getPort(), tls, pem, override);
    }

    private static JsonNode first(JsonNode object) {
        Iterator<JsonNode> it = object.elements();
        return it.hasNext() ? it.next() : null;
    }

    private static String tlsPem(JsonNode certs, Path base) throws IOException {
        JsonNode pem = certs.path("pem");
        if (pem.isArray()) {
            pem = pem.path(0);
        }
        if (pem.isTextual()) {
            return pem.asText();
        }
        String path = certs.path("path").asText(null);
        if (path != null) {
            Path p = base == null ? Path.of(path) : base.resolve(path);
            return Files.readString(p);
        }
        return null;
    }
}
