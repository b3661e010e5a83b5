package org.dataright.evidence.pdf;

import java.util.ArrayList;
import java.util.List;
import org.dataright.evidence.digest.FileDigests;
import org.dataright.evidence.verify.Check;
import org.dataright.evidence.verify.CheckName;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.evidence.verify.Verifier;

/**
 * A certificate PDF as {@link CertificatePdf#read} found it: the embedded certificate JSON, the checks
 * of the PDF itself, {@code pdf-signature} and {@code pdf-text}, and the PDF signature's value and
 * signature time-stamp token, which {@link #verify} checks against the trust bundle
 * ({@code pdf-signature-timestamp}).
 *
 * @param json      the embedded certificate JSON, as embedded
 * @param checks    the PDF's own checks, in {@link org.dataright.evidence.verify.CheckName} order
 * @param signature the verified PDF signature, null when {@code pdf-signature} failed
 */
public record PdfCertificate(String json, List<Check> checks, Signature signature) {
    public PdfCertificate {
        checks = List.copyOf(checks);
    }

    /**
     * A PDF signature that verified: its CMS SignerInfo's signature value and its signature time-stamp token
     * (null for PAdES B-B).
     */
    public record Signature(byte[] value, byte[] timestampToken) {
    }

    /**
     * The verifier's checks of the embedded JSON ({@code file} compared with its digests when not null),
     * then this PDF's checks, the signature time-stamp's last: the verdict passes only when the certificate
     * and the PDF both do.
     */
    public VerificationResult verify(Verifier verifier, FileDigests file) {
        VerificationResult result = verifier.verify(json, file);
        List<Check> all = new ArrayList<>(result.checks());
        all.addAll(checks);
        all.add(signature == null
                ? new Check(CheckName.PDF_SIGNATURE_TIMESTAMP.id(), Check.Status.SKIPPED, "the PDF signature did not "
                        + "verify (see pdf-signature), so its time-stamp is not checked")
                : verifier.signatureTimestamp(signature.timestampToken(), signature.value()));
        return result.withChecks(all);
    }
}
