package org.dataright.evidence.pdf;

import java.util.ArrayList;
import java.util.List;
import org.dataright.evidence.digest.FileDigests;
import org.dataright.evidence.verify.Check;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.evidence.verify.Verifier;

/**
 * A certificate PDF as {@link CertificatePdf#read} found it: the embedded certificate JSON and the checks
 * of the PDF itself, {@code pdf-signature} and {@code pdf-text}.
 *
 * @param json   the embedded certificate JSON, as embedded
 * @param checks the PDF's own checks, in {@link org.dataright.evidence.verify.CheckName} order
 */
public record PdfCertificate(String json, List<Check> checks) {
    public PdfCertificate {
        checks = List.copyOf(checks);
    }

    /**
     * The verifier's checks of the embedded JSON ({@code file} compared with its digests when not null),
     * then this PDF's checks: the verdict passes only when the certificate and the PDF both do.
     */
    public VerificationResult verify(Verifier verifier, FileDigests file) {
        VerificationResult result = verifier.verify(json, file);
        List<Check> all = new ArrayList<>(result.checks());
        all.addAll(checks);
        return result.withChecks(all);
    }
}
