package org.dataright.evidence.certificate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Reader;
import java.io.StringReader;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.dataright.evidence.canonical.Jcs;
import org.dataright.evidence.canonical.StrictJson;
import org.dataright.fabric.block.BlockHashes;

/**
 * An evidence certificate: the signed {@link CertificateContent}, the issuer's signature over its
 * RFC 8785 canonical form and, optionally, an RFC 3161 time-stamp token over that signature.
 * Immutable; {@link #from(Reader)} and {@link #toJson()} are inverses, and every invariant is checked
 * when a certificate is built, so a certificate that exists is well-formed (whether it is true is
 * for the verifier to say).
 */
public final class EvidenceCertificate {
    public static final String MEDIA_TYPE = "application/vnd.dataright.evidence-certificate.v1+json";
    public static final String MEDIA_TYPE_V2 = "application/vnd.dataright.evidence-certificate.v2+json";

    private final CertificateContent content;
    private final byte[] signature;
    private final byte[] timestampToken;

    public EvidenceCertificate(CertificateContent content, byte[] signature, byte[] timestampToken) {
        if (content == null) {
            throw new IllegalArgumentException("a certificate needs its content");
        }
        if (signature == null || signature.length == 0) {
            throw new IllegalArgumentException("a certificate needs the issuer's signature");
        }
        if (timestampToken != null && timestampToken.length == 0) {
            throw new IllegalArgumentException("a time-stamp token must be omitted rather than empty");
        }
        this.content = content;
        this.signature = signature.clone();
        this.timestampToken = timestampToken == null ? null : timestampToken.clone();
    }

    /** Parses certificate JSON; throws {@link IllegalArgumentException} naming the first field that is wrong. */
    public static EvidenceCertificate from(Reader json) {
        ObjectNode root = StrictJson.parseObject("certificate", json);
        String[] allowed = Arrays.copyOf(CertificateContent.FIELDS, CertificateContent.FIELDS.length + 2);
        allowed[allowed.length - 2] = "signature";
        allowed[allowed.length - 1] = "timestampToken";
        StrictJson.onlyFields(root, "", allowed);
        return new EvidenceCertificate(CertificateContent.fromJson(root),
                StrictJson.base64Field(root, "", "signature"),
                root.has("timestampToken") ? StrictJson.base64Field(root, "", "timestampToken") : null);
    }

    public static EvidenceCertificate from(String json) {
        return from(new StringReader(json));
    }

    /** The certificate as RFC 8785 canonical JSON: compact, deterministic, and what {@link #from} reads back. */
    public String toJson() {
        ObjectNode root = StrictJson.MAPPER.createObjectNode();
        content.toJson(root);
        root.put("signature", Base64.getEncoder().encodeToString(signature));
        if (timestampToken != null) {
            root.put("timestampToken", Base64.getEncoder().encodeToString(timestampToken));
        }
        return Jcs.canonicalString(root);
    }

    /** The media type of this certificate's version. */
    public String mediaType() {
        return content.version() == CertificateContent.VERSION_1 ? MEDIA_TYPE : MEDIA_TYPE_V2;
    }

    public CertificateContent content() {
        return content;
    }

    public String id() {
        return content.id();
    }

    /** The message the issuer signed: the canonical JSON of the content. */
    public byte[] signedBytes() {
        return content.canonicalBytes();
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** The RFC 3161 token (DER {@code TimeStampToken}), or null. */
    public byte[] timestampToken() {
        return timestampToken == null ? null : timestampToken.clone();
    }

    /** What a time-stamp authority is asked to stamp: SHA-256 of the issuer's signature. */
    public byte[] timestampImprint() {
        return BlockHashes.sha256(signature);
    }

    /** This certificate with a time-stamp token added (it stamps the signature, so it is outside the signed content). */
    public EvidenceCertificate withTimestampToken(byte[] token) {
        return new EvidenceCertificate(content, signature, token);
    }

    public List<Party> parties() {
        return content.parties();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvidenceCertificate other && content.equals(other.content)
                && Arrays.equals(signature, other.signature) && Arrays.equals(timestampToken, other.timestampToken);
    }

    @Override
    public int hashCode() {
        return 31 * content.hashCode() + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "EvidenceCertificate[" + content.id() + ", " + content.act() + " on " + content.assetId() + "]";
    }
}
