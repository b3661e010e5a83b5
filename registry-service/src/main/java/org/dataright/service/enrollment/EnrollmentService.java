package org.dataright.service.enrollment;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dataright.fabric.crypto.Pem;
import org.dataright.ledger.client.RightsVocabulary;
import org.dataright.service.config.ApiException;
import org.dataright.service.config.PlainText;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Issues enrollment tokens and exchanges a certificate signing request and a token for a certificate. */
public final class EnrollmentService {
    private static final Logger log = LoggerFactory.getLogger(EnrollmentService.class);
    /** The roles the chaincode knows, as it publishes them. */
    public static final Set<String> ROLES = Set.copyOf(RightsVocabulary.contract().roles());

    private final RegistryCa ca;
    private final EnrollmentTokens tokens;
    private final ParticipantDirectory directory;

    /** A certificate just issued. */
    public record Enrolled(String certificate, String mspId, List<String> caRootCertificates, String party, String role) {
    }

    public EnrollmentService(RegistryCa ca, EnrollmentTokens tokens, ParticipantDirectory directory) {
        this.ca = ca;
        this.tokens = tokens;
        this.directory = directory;
    }

    /**
     * A one-time token for {@code role} and the participant {@code name}, issued by {@code registrar}. The
     * name becomes the certificate's subject and so the party on the ledger: a new participant's name must
     * be unused and no look-alike of a participant's in the ledger's directory, and the token is for the
     * name as the directory stores it (NFKC, plain spaces); a {@code renewal} (a new key for someone
     * enrolled) must name an enrolled participant.
     */
    public EnrollmentTokens.Issued issueToken(String role, String name, int validHours, boolean renewal, String registrar) {
        String normalised = role == null ? "" : role.strip().toLowerCase(Locale.ROOT);
        if (!ROLES.contains(normalised)) {
            throw ApiException.badRequest("ROLE_UNKNOWN", "role must be one of " + ROLES.stream().sorted().toList()
                    + ", not '" + role + "'");
        }
        String forbidden = PlainText.forbiddenCharacter(name);
        if (forbidden != null) {
            throw ApiException.badRequest("INVALID_REQUEST", "name contains an invisible or control character (" + forbidden
                    + "); write it as it should read");
        }
        // A new participant's name is the directory's to judge (look-alikes: NAME_CONFUSABLE) before a certificate carries it.
        EnrollmentTokens.Issued issued = tokens.issue(normalised, name.strip(), renewal, registrar,
                Duration.ofHours(validHours), directory::checkedName);
        log.info("enrollment token for role {} ({}) issued by {}, valid until {}", normalised, issued.name(), registrar,
                issued.expiresAt());
        return issued;
    }

    /**
     * Checks the request and the token, issues a client certificate with the token's name and role, enters
     * the participant in the ledger's directory with the certificate's key pinned (the registrar submits it;
     * for a renewal token the registrar rebinds the participant's key to the new certificate, saying which
     * token vouched for it, and the old key may no longer act), then uses the token. A bad request or token
     * changes nothing; a directory entry that cannot be written leaves the token unused.
     */
    public Enrolled enroll(String token, String csrPem) {
        CertificateRequests.Checked csr = CertificateRequests.parse(csrPem);
        EnrollmentTokens.TokenRecord record = tokens.check(token);
        // The registrar vouched for the token's name; a request for another name would take over that party.
        if (!csr.commonName().equals(record.name())) {
            throw ApiException.badRequest("NAME_MISMATCH", "the request is for '" + csr.commonName()
                    + "' but this token was issued for '" + record.name() + "'; enrol with that name exactly");
        }
        // A certificate made for a token that a concurrent request redeems first is thrown away unseen.
        X509Certificate certificate = ca.authority().issue(csr.publicKey(), record.name(), MSPRoleType.CLIENT,
                Map.of("role", record.role()));
        String subject = certificate.getSubjectX500Principal().getName();
        String party = ca.mspId() + "::" + subject;
        String pem = Pem.of(certificate);
        directory.enter(party, record.name(), record.role(), pem, "renewal with the enrolment token issued by "
                + record.issuedBy() + " at " + record.issuedAt());
        EnrollmentTokens.TokenRecord used = tokens.redeem(token, subject);
        log.info("enrolled {} with role {}", party, used.role());
        return new Enrolled(pem, ca.mspId(),
                List.of(Pem.of(ca.rootCertificate())), party, used.role());
    }
}
