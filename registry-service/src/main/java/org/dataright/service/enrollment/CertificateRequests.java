package org.dataright.service.enrollment;

import java.io.IOException;
import java.io.StringReader;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.dataright.service.config.ApiException;
import org.dataright.service.config.PlainText;

/** Reads and checks PKCS#10 certificate signing requests: PEM, self-signed, an ECDSA P-256 key, a common name. */
final class CertificateRequests {
    static final int MAX_COMMON_NAME = 64;

    /** What the certificate will be made from. */
    record Checked(String commonName, PublicKey publicKey) {
    }

    private CertificateRequests() {
    }

    /** @throws ApiException {@code CSR_INVALID} naming what is wrong */
    static Checked parse(String pem) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE REQUEST-----")) {
            throw invalid("csr must be a PEM certificate signing request (-----BEGIN CERTIFICATE REQUEST-----)");
        }
        PKCS10CertificationRequest request;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (!(object instanceof PKCS10CertificationRequest csr)) {
                throw invalid("csr does not hold a PKCS#10 certificate signing request");
            }
            request = csr;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            // Bouncy Castle's messages name its own classes: the sentence says what the user can fix.
            throw invalid("csr cannot be read: its base64 or DER encoding is damaged, or it is not a PKCS#10 request");
        }
        PublicKey key;
        try {
            key = new JcaPKCS10CertificationRequest(request).getPublicKey();
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw invalid("the request's public key cannot be read; it must be an ECDSA P-256 key");
        }
        if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
            throw invalid("the request's key must be an ECDSA P-256 key, as Fabric identities are");
        }
        try {
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw invalid("the request's signature does not verify with its own key");
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw invalid("the request's signature cannot be checked; it must be ECDSA with SHA-256 by the request's own key");
        }
        RDN[] names = request.getSubject().getRDNs(BCStyle.CN);
        if (names.length != 1) {
            throw invalid("the request's subject must have exactly one common name (CN)");
        }
        org.bouncycastle.asn1.ASN1Encodable value = names[0].getFirst().getValue();
        String cn = (value instanceof org.bouncycastle.asn1.ASN1String text ? text.getString() : IETFUtils.valueToString(value)).strip();
        if (cn.isEmpty() || cn.length() > MAX_COMMON_NAME) {
            throw invalid("the request's common name must be 1 to " + MAX_COMMON_NAME + " characters");
        }
        String forbidden = PlainText.forbiddenCharacter(cn);
        if (forbidden != null) {
            throw invalid("the request's common name contains an invisible or control character (" + forbidden + ")");
        }
        return new Checked(cn, key);
    }

    private static boolean isP256(ECParameterSpec params) {
        ECNamedCurveParameterSpec p256 = ECNamedCurveTable.getParameterSpec("secp256r1");
        return params.getOrder().equals(p256.getN()) && params.getCurve().getField().getFieldSize() == 256;
    }

    private static ApiException invalid(String reason) {
        return ApiException.badRequest("CSR_INVALID", reason);
    }
}
