package org.dataright.evidence.pdf;

/**
 * A time-stamp authority's client for the PDF signature (PAdES B-T): an RFC 3161 token over a SHA-256
 * imprint, or null when the authority gave none (the PDF is then signed B-B; the client says why).
 */
@FunctionalInterface
public interface SignatureTimestamper {
    /** The DER {@code TimeStampToken} over {@code sha256}, the SHA-256 of the PDF signature's value; null for none. */
    byte[] stamp(byte[] sha256);
}
