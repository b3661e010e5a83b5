package org.dataright.evidence.certificate;

import java.util.List;
import org.dataright.evidence.digest.FileDigests;

/**
 * What the issuer knows of an act beyond the block: its name (the chaincode's event name), the asset
 * and right, the key of the record it wrote (the value is read from the transaction's writes), the
 * content digests that record holds, and parties other than the submitter.
 *
 * @param act          e.g. {@code REGISTER_ASSET}
 * @param assetId      the asset
 * @param rightId      the right, or null
 * @param stateKey     the key of the record the certificate states, in the chaincode's namespace
 * @param digests      the content digests the record holds, or null
 * @param otherParties parties besides the submitter (e.g. the receiver of a transfer), may be empty
 * @param status       the act's legal status as the written record shows it, or null to state none
 */
public record ActRecord(String act, String assetId, String rightId, String stateKey, FileDigests digests,
        List<Party> otherParties, ActStatus status) {
    /** An act record that states no status. */
    public ActRecord(String act, String assetId, String rightId, String stateKey, FileDigests digests,
            List<Party> otherParties) {
        this(act, assetId, rightId, stateKey, digests, otherParties, null);
    }

    public ActRecord {
        otherParties = List.copyOf(otherParties);
        if (stateKey == null || stateKey.isEmpty()) {
            throw new IllegalArgumentException("an act record names the state key it wrote");
        }
    }
}
