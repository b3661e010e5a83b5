package org.dataright.cli.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.dataright.cli.base.CliException;
import org.dataright.cli.base.Output;
import org.dataright.cli.profile.Profile;
import org.dataright.cli.profile.SecureFiles;
import org.dataright.fabric.crypto.Pem;

/** The identity files of a profile: {@code key.pem} (mode 600), {@code cert.pem}, {@code identity.json}, {@code ca-roots.pem}. */
public final class IdentityStore {
    static final String KEY = "key.pem";
    static final String CERT = "cert.pem";
    static final String META = "identity.json";
    static final String CA_ROOTS = "ca-roots.pem";

    private IdentityStore() {
    }

    public static boolean exists(Profile profile) {
        return Files.isRegularFile(profile.dir().resolve(META));
    }

    /** The identity of the profile; a usage error naming the enrol command if there is none. */
    public static StoredIdentity load(Profile profile) {
        Path meta = profile.dir().resolve(META);
        if (!Files.isRegularFile(meta)) {
            throw CliException.usage("NO_IDENTITY", "profile '" + profile.name() + "' has no identity yet",
                    profile.mode() == Profile.Mode.EMBEDDED
                            ? "run 'dpr identity enroll --token TOKEN --name NAME' with a token from your registrar"
                            : "run 'dpr identity import --cert CERT --key KEY' with your Fabric CA enrollment");
        }
        try {
            JsonNode node = Output.JSON.readTree(meta.toFile());
            String mspId = node == null ? "" : node.path("mspId").asText("");
            if (mspId.isBlank()) {
                throw new IllegalArgumentException(META + " names no mspId");
            }
            X509Certificate certificate = KeyMaterial.readCertificate(profile.dir().resolve(CERT));
            return new StoredIdentity(mspId, certificate, profile.dir().resolve(KEY));
        } catch (IOException e) {
            throw unreadable(profile, KeyMaterial.describe(e));
        } catch (IllegalArgumentException e) {
            throw unreadable(profile, e.getMessage());
        }
    }

    private static CliException unreadable(Profile profile, String reason) {
        return CliException.usage("IDENTITY_UNREADABLE", "the identity of profile '" + profile.name() + "' cannot be read: "
                + reason, "enrol or import it again with --force");
    }

    /** Writes key (600), certificate, CA roots and the MSP id; the key last replaced is gone. */
    public static StoredIdentity save(Profile profile, String mspId, PrivateKey key, X509Certificate certificate,
            List<String> caRoots) {
        Path dir = profile.dir();
        try {
            SecureFiles.createPrivateDirectory(dir);
            SecureFiles.writePrivate(dir.resolve(KEY), Pem.of(key).getBytes(StandardCharsets.US_ASCII));
            Files.writeString(dir.resolve(CERT), Pem.of(certificate));
            Files.writeString(dir.resolve(CA_ROOTS), String.join("", caRoots.stream()
                    .map(p -> p.endsWith("\n") ? p : p + "\n").toList()));
            ObjectNode meta = Output.object().put("mspId", mspId).put("party", StoredIdentity.partyOf(mspId, certificate));
            Files.writeString(dir.resolve(META), Output.JSON.writeValueAsString(meta) + "\n");
        } catch (IOException e) {
            throw CliException.failed("WRITE_FAILED", "cannot write the identity into " + dir + ": " + e.getMessage(),
                    "check that the profile directory is writable", e);
        }
        return new StoredIdentity(mspId, certificate, dir.resolve(KEY));
    }
}
