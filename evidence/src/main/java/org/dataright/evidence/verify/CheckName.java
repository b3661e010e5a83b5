package org.dataright.evidence.verify;

/** Every check the verifier runs, in the order it runs them. {@link #id()} is the name in results. */
public enum CheckName {
    /** The certificate parses and meets its invariants (including its id's derivation). */
    FORMAT("format"),
    /** The issuer's signature over the canonical content verifies with the issuer's certificate. */
    ISSUER_SIGNATURE("issuer-signature"),
    /** The issuer's certificate chains to an issuer root of the trust bundle at the signing time. */
    ISSUER_CHAIN("issuer-chain"),
    /** Channel and chaincode agree across the bundle, the proof, the transaction header and the endorsed action. */
    CHANNEL_AND_CHAINCODE("channel-and-chaincode"),
    /** The block header is the header of the stated block. */
    BLOCK_HEADER("block-header"),
    /** The header's data_hash is SHA-256 over the block's envelopes (skipped for a compact version 2 proof, which has none). */
    BLOCK_DATA_HASH("block-data-hash"),
    /** Orderers of the bundle signed the block (metadata value ‖ signature header ‖ header). */
    ORDERER_SIGNATURE("orderer-signature"),
    /**
     * The stated envelope is the block's envelope at the stated index and carries the stated transaction id
     * (compact version 2: it carries the id, and the log's leaf states its place).
     */
    TRANSACTION_IN_BLOCK("transaction-in-block"),
    /** The peer's code and the block's TRANSACTIONS_FILTER both say VALID (compact version 2: the peer's code and the log's leaf). */
    VALIDATION_CODE("validation-code"),
    /** The transaction id is hex(SHA-256(nonce ‖ creator)). */
    TRANSACTION_ID("transaction-id"),
    /**
     * The stated transaction time is the channel header's timestamp, and the certificate was not issued before it
     * (less the trusted-time window: the issuer's clock and the client's differ).
     */
    TRANSACTION_TIME("transaction-time"),
    /** The creator signed the envelope. */
    CREATOR_SIGNATURE("creator-signature"),
    /** The creator is a valid identity of an organisation of the bundle. */
    CREATOR_CHAIN("creator-chain"),
    /** The endorsed proposal hash is the hash of this transaction's proposal. */
    PROPOSAL_HASH("proposal-hash"),
    /** Every endorsement is signed by a valid identity of an organisation of the bundle. */
    ENDORSEMENTS("endorsements"),
    /** The valid endorsements satisfy the bundle's endorsement policy. */
    ENDORSEMENT_POLICY("endorsement-policy"),
    /** The transaction's writes hold the stated record under the stated key. */
    WRITTEN_STATE("written-state"),
    /** The chaincode event names the stated act, asset and right. */
    ACT("act"),
    /** The submitter is the creator; every other party is a valid identity of its organisation. */
    PARTIES("parties"),
    /** The stated digests are the ones the written record holds. */
    RECORDED_DIGESTS("recorded-digests"),
    /** The given file (or its digests) matches the stated digests. */
    FILE_DIGESTS("file-digests"),
    /** The stated status (effective, pending review, in publicity, rejected) is what the written record shows. */
    STATED_STATUS("stated-status"),
    /** The RFC 3161 token stamps the issuer's signature and comes from a trusted time-stamp authority. */
    TIMESTAMP_TOKEN("timestamp-token"),
    /**
     * Version 2: the log proof's checkpoint passes the trust bundle's tlog policy — signed by the log its
     * origin names, every known witness's cosignature verifying, the quorum met.
     */
    LOG_CHECKPOINT("log-checkpoint"),
    /** Version 2: the act's log leaf, recomputed from its envelope, block number and index, names its transaction. */
    LOG_LEAF("log-leaf"),
    /** Version 2: the inclusion path recomputes the checkpoint's root from that leaf at the stated index. */
    LOG_INCLUSION("log-inclusion"),
    /**
     * Version 2: the checkpoint agrees with the checkpoints of the same log this verifier saw before (same
     * size, same root; other sizes joined by a consistency proof online); else it is a split view.
     */
    LOG_CONSISTENCY("log-consistency"),
    /**
     * The time the client claims for the act (its channel header's timestamp) is not after the trusted time — the
     * earliest of the time-stamp token's time and the witnesses' cosignature times, each proving the act was recorded
     * by then — plus the verifier's window; skipped when the certificate carries no trusted time.
     */
    TRUSTED_TIME("trusted-time"),
    /**
     * For a PDF: one PAdES signature by the certificate's issuer covers the whole file (checked by
     * {@code CertificatePdf.read}, after the checks of the embedded certificate).
     */
    PDF_SIGNATURE("pdf-signature"),
    /** For a PDF: the page's text shows the key fields as the embedded certificate states them. */
    PDF_TEXT("pdf-text"),
    /**
     * For a PDF (PAdES B-T): the RFC 3161 signature time-stamp token in the PDF signature's CMS stamps that
     * signature's value and is signed by a trusted time-stamp authority; skipped for a B-B PDF without one.
     */
    PDF_SIGNATURE_TIMESTAMP("pdf-signature-timestamp");

    private final String id;

    CheckName(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }
}
