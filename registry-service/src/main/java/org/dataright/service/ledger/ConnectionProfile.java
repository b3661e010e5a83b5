package org.dataright.service.ledger;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The part of a Fabric connection profile (JSON or YAML, as {@code network-config/} and Fabric's
 * test network write them) that a gateway client needs: a peer's address, its TLS root and the TLS
 * server name to expect.
 *
 * @param peerName the peer's name in the profile
 * @param endpoint {@code host:port}
 * @param tls whether the URL is {@code grpcs://}
 * @param tlsRootCertificate PEM of the peer's TLS root, or null
 * @param hostnameOverride {@code grpcOptions.ssl-target-name-override} or {@code hostnameOverride}, or null
 */
public record ConnectionProfile(String peerName, String endpoint, boolean tls, String tlsRootCertificate,
        String hostnameOverride) {

    /**
     * Reads {@code file} and picks {@code peer}, or when it is empty the first peer of the organisation
     * whose {@code mspid} is {@code mspId}, or else the first peer of the profile.
     */
    public static ConnectionProfile read(Path file, String peer, String mspId) {
        Map<String, Object> profile;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            profile = map(loaded, "the connection profile");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the connection profile " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the connection profile " + file + " is not JSON or YAML: " + e.getMessage(), e);
        }
        Map<String, Object> peers = map(profile.get("peers"), "peers");
        String name = peer == null || peer.isBlank() ? choosePeer(profile, peers, mspId) : peer;
        Map<String, Object> entry = map(peers.get(name), "peers." + name);
        String url = string(entry.get("url"), "peers." + name + ".url");
        URI uri = URI.create(url.contains("://") ? url : "grpc://" + url);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("peers." + name + ".url must be grpc(s)://host:port, not " + url);
        }
        boolean tls = "grpcs".equalsIgnoreCase(uri.getScheme());
        String tlsRoot = null;
        if (entry.get("tlsCACerts") instanceof Map<?, ?> certs) {
            if (certs.get("pem") instanceof String pem) {
                tlsRoot = pem;
            } else if (certs.get("path") instanceof String path) {
                Path resolved = file.toAbsolutePath().getParent().resolve(path);
                try {
                    tlsRoot = Files.readString(resolved, StandardCharsets.US_ASCII);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the TLS root " + resolved + " named by peers." + name, e);
                }
            }
        }
        if (tls && tlsRoot == null) {
            throw new IllegalArgumentException("peers." + name + " uses grpcs but has no tlsCACerts.pem or tlsCACerts.path");
        }
        String override = null;
        if (entry.get("grpcOptions") instanceof Map<?, ?> options) {
            if (options.get("ssl-target-name-override") instanceof String s) {
                override = s;
            } else if (options.get("hostnameOverride") instanceof String s) {
                override = s;
            }
        }
        return new ConnectionProfile(name, uri.getHost() + ":" + uri.getPort(), tls, tls ? tlsRoot : null, override);
    }

    private static String choosePeer(Map<String, Object> profile, Map<String, Object> peers, String mspId) {
        if (profile.get("organizations") instanceof Map<?, ?> orgs) {
            for (Object value : orgs.values()) {
                if (value instanceof Map<?, ?> org && mspId != null && mspId.equals(org.get("mspid"))
                        && org.get("peers") instanceof List<?> list && !list.isEmpty()) {
                    return String.valueOf(list.get(0));
                }
            }
        }
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("the connection profile names no peers");
        }
        return peers.keySet().iterator().next();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(what + " must be an object in the connection profile");
        }
        return (Map<String, Object>) value;
    }

    private static String string(Object value, String what) {
        if (!(value instanceof String s) || s.isBlank()) {
            throw new IllegalArgumentException(what + " is required in the connection profile");
        }
        return s;
    }
}
