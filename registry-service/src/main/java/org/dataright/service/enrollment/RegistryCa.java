package org.dataright.service.enrollment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.fabric.msp.FabricIdentity;
import org.dataright.fabric.msp.SigningIdentity;
import org.dataright.peer.node.PeerIdentities;
import org.dataright.service.config.DataFiles;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;

/**
 * The certificate authority of the registry's organisation in embedded mode: the embedded network's
 * organisation CA ({@link PeerIdentities#organizationCa()}), whose root the peer's MSP trusts, so the
 * certificates it issues to participants can submit transactions. The <b>registrar</b> is the
 * network's admin identity ({@link PeerIdentities#admin()}: {@code OU=admin}, Fabric CA attribute
 * {@code role=registrar}), kept by the peer in {@code <data dir>/peer/crypto/admin/}. Identities the
 * service keeps for itself are kept in {@code <data dir>/ca/<name>/}.
 */
public final class RegistryCa {
    public static final String REGISTRAR_ROLE = "registrar";

    private final String mspId;
    private final Path directory;
    private final PeerIdentities identities;

    /**
     * @param mspId      the organisation's MSP id
     * @param directory  where the service's own identities are kept
     * @param identities the embedded network's identities
     */
    public RegistryCa(String mspId, Path directory, PeerIdentities identities) {
        this.mspId = mspId;
        this.directory = directory;
        this.identities = identities;
    }

    public String mspId() {
        return mspId;
    }

    public X509Certificate rootCertificate() {
        return identities.organizationCa().certificate();
    }

    public CertificateAuthority authority() {
        return identities.organizationCa();
    }

    /** The registrar: the network's admin identity, with the role attribute {@value #REGISTRAR_ROLE}. */
    public SigningIdentity registrar() {
        return identities.admin();
    }

    /**
     * An identity the service keeps for itself (such as its own client identity), stored under
     * {@code <data dir>/ca/<name>/} and made on first use.
     */
    public SigningIdentity ownIdentity(String name, MSPRoleType role, Map<String, String> attributes) {
        Path dir = directory.resolve(name);
        try {
            Path cert = dir.resolve("cert.pem");
            Path key = dir.resolve("key.pem");
            if (Files.exists(cert) && Files.exists(key)) {
                X509Certificate certificate = Pem.certificate(Files.readString(cert, StandardCharsets.US_ASCII));
                if (certificate.getIssuerX500Principal().equals(rootCertificate().getSubjectX500Principal())) {
                    return new SigningIdentity(new FabricIdentity(mspId, certificate),
                            Pem.privateKey(Files.readString(key, StandardCharsets.US_ASCII)));
                }
            }
            SigningIdentity identity = authority().enroll(mspId, name, role, attributes);
            DataFiles.writeAtomically(key, Pem.of(identity.privateKey()).getBytes(StandardCharsets.US_ASCII), true);
            DataFiles.writeAtomically(cert, Pem.of(identity.certificate()).getBytes(StandardCharsets.US_ASCII));
            return identity;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the identity in " + dir + ": " + e.getMessage(), e);
        }
    }
}
