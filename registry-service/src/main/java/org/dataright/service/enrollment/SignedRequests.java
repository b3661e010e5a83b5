package org.dataright.service.enrollment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.msp.CertificateAuthority;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.FabricIdentity;
import org.dataright.fabric.msp.IdentityException;
import org.dataright.fabric.msp.Organization;
import org.dataright.fabric.msp.ValidIdentity;
import org.dataright.service.config.ApiException;
import org.springframework.http.HttpStatus;

/**
 * Checks administrative requests signed with the caller's own key (docs/API.md): headers
 * {@value #CERTIFICATE_HEADER} (base64 of the PEM certificate), {@value #TIMESTAMP_HEADER} (ISO-8601,
 * within {@link #MAX_SKEW} of the service clock) and {@value #SIGNATURE_HEADER} (base64 DER
 * ECDSA-SHA256, low-S, over {@code METHOD \n PATH \n TIMESTAMP \n hex(SHA-256(body))}). The certificate
 * must chain to the registry's CA and the signature must verify ({@link ChannelMembership}, which uses
 * {@link org.dataright.fabric.crypto.LowSEcdsa}). A request is accepted once, also across restarts: it is
 * recorded in {@link SeenRequests} before it is acted on, until it is too old to be accepted anyway.
 */
public final class SignedRequests {
    public static final String CERTIFICATE_HEADER = "X-DPR-Certificate";
    public static final String TIMESTAMP_HEADER = "X-DPR-Timestamp";
    public static final String SIGNATURE_HEADER = "X-DPR-Signature";
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private final String mspId;
    private final ChannelMembership membership;
    private final ObjectMapper json;
    private final Clock clock;
    private final SeenRequests seen;

    /** The caller of a verified request. */
    public record Caller(String party, String role, X509Certificate certificate) {
    }

    SignedRequests(RegistryCa ca, SeenRequests seen, ObjectMapper json, Clock clock) {
        this.mspId = ca.mspId();
        this.membership = new ChannelMembership(List.of(Organization.of(ca.mspId(), ca.rootCertificate())), Set.of(ca.mspId()));
        this.json = json;
        this.clock = clock;
        this.seen = seen;
    }

    /** The message a caller signs. */
    public static byte[] message(String method, String path, String timestamp, byte[] body) {
        String text = method + "\n" + path + "\n" + timestamp + "\n" + HexFormat.of().formatHex(sha256(body));
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Verifies a request and requires {@code role}.
     *
     * @throws ApiException {@code AUTH_REQUIRED}, {@code AUTH_INVALID} or {@code REQUEST_REPLAYED} (401),
     *     {@code ROLE_NOT_ALLOWED} (403)
     */
    public Caller verify(String method, String path, String certificateHeader, String timestampHeader,
            String signatureHeader, byte[] body, String role) {
        if (blank(certificateHeader) || blank(timestampHeader) || blank(signatureHeader)) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "AUTH_REQUIRED", "this request must be signed: headers "
                    + CERTIFICATE_HEADER + ", " + TIMESTAMP_HEADER + " and " + SIGNATURE_HEADER + " are required");
        }
        Instant now = clock.instant();
        Instant timestamp;
        try {
            timestamp = Instant.parse(timestampHeader.strip());
        } catch (DateTimeParseException e) {
            throw invalid(TIMESTAMP_HEADER + " must be an ISO-8601 instant such as 2026-01-31T10:15:30Z");
        }
        if (Duration.between(timestamp, now).abs().compareTo(MAX_SKEW) > 0) {
            throw invalid(TIMESTAMP_HEADER + " " + timestamp + " is more than " + MAX_SKEW.toMinutes()
                    + " minutes from the service clock (" + now + ")");
        }
        X509Certificate certificate;
        byte[] signature;
        try {
            certificate = Pem.certificate(Base64.getDecoder().decode(certificateHeader.strip()));
            signature = Base64.getDecoder().decode(signatureHeader.strip());
        } catch (IllegalArgumentException e) {
            throw invalid(CERTIFICATE_HEADER + " must be base64 of a PEM certificate and " + SIGNATURE_HEADER
                    + " base64 of a DER signature");
        }
        FabricIdentity identity = new FabricIdentity(mspId, certificate);
        ValidIdentity valid;
        try {
            valid = membership.verify(identity.serialize(), message(method, path, timestampHeader, body), signature, now);
        } catch (IdentityException e) {
            throw invalid(e.getMessage());
        }
        String party = mspId + "::" + certificate.getSubjectX500Principal().getName();
        String actual = roleOf(certificate);
        if (!role.equals(actual)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "ROLE_NOT_ALLOWED", "this request needs the role '" + role
                    + "'; " + party + " has " + (actual == null ? "no role" : "the role '" + actual + "'"));
        }
        Instant notBefore = seen.signedNotBefore();
        if (notBefore != null && timestamp.isBefore(notBefore)) {
            throw replayed("it was signed at " + timestamp + ", before the service restarted at " + notBefore
                    + " with a damaged record of the requests it had received");
        }
        // The signer and what it signed name the request; a re-encoded signature of the same request is the same request.
        byte[] signer;
        try {
            signer = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw invalid("the certificate cannot be encoded: " + e.getMessage());
        }
        byte[] signed = message(method, path, timestampHeader, body);
        byte[] named = new byte[signer.length + signed.length];
        System.arraycopy(signer, 0, named, 0, signer.length);
        System.arraycopy(signed, 0, named, signer.length, signed.length);
        if (!seen.firstTime(HexFormat.of().formatHex(sha256(named)), timestamp.plus(MAX_SKEW), now)) {
            throw replayed("this signed request was already received");
        }
        return new Caller(party, actual, valid.identity().certificate());
    }

    /** The Fabric CA {@code role} attribute of a certificate, or null. */
    String roleOf(X509Certificate certificate) {
        String attributes = CertificateAuthority.attributesOf(certificate);
        if (attributes == null) {
            return null;
        }
        try {
            JsonNode role = json.readTree(attributes).path("attrs").path("role");
            return role.isTextual() ? role.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static ApiException replayed(String reason) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "REQUEST_REPLAYED", "the signed request is not accepted: " + reason
                + "; a signed request is accepted once: sign each request anew, with the current time");
    }

    private static ApiException invalid(String reason) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "AUTH_INVALID", "the request signature is not accepted: " + reason);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
