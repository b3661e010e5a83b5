package org.dataright.peer.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.fabric.msp.FabricIdentity;
import org.dataright.fabric.msp.SigningIdentity;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;

/**
 * The identities of a one-node network: the registry organisation's CA with its peer and admin, and
 * the orderer organisation's CA with its orderer. Kept as PEM files in a directory
 * ({@code <name>/cert.pem}, {@code <name>/key.pem}; keys readable by the owner only).
 */
public record PeerIdentities(CertificateAuthority organizationCa, SigningIdentity peer, SigningIdentity admin,
        CertificateAuthority ordererCa, SigningIdentity orderer) {

    /** Fabric CA attributes of the generated admin: it acts as the registry's registrar. */
    public static final Map<String, String> ADMIN_ATTRIBUTES =
            Map.of("hf.EnrollmentID", "admin", "hf.Type", "admin", "role", "registrar");

    /** New CAs and identities. */
    public static PeerIdentities generate(String mspId, String ordererMspId) {
        CertificateAuthority orgCa = CertificateAuthority.create("ca." + mspId);
        CertificateAuthority ordererCa = CertificateAuthority.create("ca." + ordererMspId);
        return new PeerIdentities(orgCa,
                orgCa.enroll(mspId, "peer0", MSPRoleType.PEER, Map.of()),
                orgCa.enroll(mspId, "admin", MSPRoleType.ADMIN, ADMIN_ATTRIBUTES),
                ordererCa,
                ordererCa.enroll(ordererMspId, "orderer0", MSPRoleType.ORDERER, Map.of()));
    }

    /** The identities kept in {@code dir}, or new ones written there when it holds none. */
    public static PeerIdentities loadOrGenerate(Path dir, String mspId, String ordererMspId) throws IOException {
        if (Files.exists(dir.resolve("organization-ca").resolve("cert.pem"))) {
            return new PeerIdentities(
                    loadCa(dir.resolve("organization-ca")),
                    load(dir.resolve("peer"), mspId),
                    load(dir.resolve("admin"), mspId),
                    loadCa(dir.resolve("orderer-ca")),
                    load(dir.resolve("orderer"), ordererMspId));
        }
        PeerIdentities ids = generate(mspId, ordererMspId);
        ids.save(dir);
        return ids;
    }

    public void save(Path dir) throws IOException {
        write(dir.resolve("organization-ca"), organizationCa.certificate(), organizationCa.privateKey());
        write(dir.resolve("peer"), peer.certificate(), peer.privateKey());
        write(dir.resolve("admin"), admin.certificate(), admin.privateKey());
        write(dir.resolve("orderer-ca"), ordererCa.certificate(), ordererCa.privateKey());
        write(dir.resolve("orderer"), orderer.certificate(), orderer.privateKey());
    }

    static void write(Path dir, X509Certificate cert, PrivateKey key) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("cert.pem"), Pem.of(cert), StandardCharsets.US_ASCII);
        writePrivate(dir.resolve("key.pem"), Pem.of(key));
    }

    /** Writes a secret readable by the owner only (where the file system has POSIX permissions). */
    static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    private static CertificateAuthority loadCa(Path dir) throws IOException {
        return CertificateAuthority.load(readKey(dir), readCert(dir));
    }

    private static SigningIdentity load(Path dir, String mspId) throws IOException {
        return new SigningIdentity(new FabricIdentity(mspId, readCert(dir)), readKey(dir));
    }

    private static X509Certificate readCert(Path dir) throws IOException {
        Path file = dir.resolve("cert.pem");
        try {
            return Pem.certificate(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path dir) throws IOException {
        Path file = dir.resolve("key.pem");
        try {
            return Pem.privateKey(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " does not hold a PKCS#8 PEM private key: " + e.getMessage(), e);
        }
    }
}
