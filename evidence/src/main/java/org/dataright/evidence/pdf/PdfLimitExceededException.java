package org.dataright.evidence.pdf;

/**
 * A PDF refused before it could exhaust memory: larger than {@link CertificatePdf#MAX_PDF_BYTES}, a
 * stream that inflates past its bound, or an embedded certificate larger than
 * {@link CertificatePdf#MAX_JSON_BYTES}. It is bad input, not a failed verification: the CLI and the
 * service report it as such.
 */
public final class PdfLimitExceededException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    PdfLimitExceededException(String message) {
        super(message);
    }
}
