package org.dataright.evidence.certificate;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dataright.evidence.canonical.StrictJson;
import org.dataright.evidence.crypto.IssuerKey;
import org.dataright.evidence.fabric.EndorserTransaction;
import org.dataright.evidence.log.LeafEntry;
import org.dataright.evidence.log.TlogProof;
import org.dataright.evidence.log.TreeHash;
import org.dataright.fabric.msp.FabricIdentity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Builds and signs certificates from committed blocks. It refuses what it cannot truthfully certify:
 * a transaction that is not VALID, a validation code that disagrees with the block's filter, a
 * record the transaction did not write, or a transaction whose client claims a time later than the
 * issuer's clock by more than {@link #CLOCK_WINDOW}.
 */
public final class CertificateIssuer {
    /**
     * How far apart a client's clock and the issuer's (or a time-stamp authority's) may be: a transaction claiming
     * a time later than the issuer's clock by more than this is forward-dated, and is not certified.
     */
    public static final Duration CLOCK_WINDOW = Duration.ofSeconds(60);
    private CertificateIssuer() {
    }

    /**
     * Issues the version 1 certificate of the transaction at {@code transactionIndex} of {@code block}, with
     * every envelope of the block.
     *
     * @param block            the committed block as the peer stores it (with its TRANSACTIONS_FILTER)
     * @param transactionIndex the transaction's index among the block's envelopes
     * @param validationCode   the code the peer reports for it ({@code ProcessedTransaction.validationCode})
     * @param act              the act and the record it wrote
     * @param key              the issuer's key
     * @param issuedAt         the signing time
     */
    public static EvidenceCertificate issue(Block block, int transactionIndex, TxValidationCode validationCode,
            ActRecord act, IssuerKey key, Instant issuedAt) {
        return issue(block, transactionIndex, validationCode, act, key, issuedAt, null, true);
    }

    /**
     * Issues the version 2 certificate of the transaction at {@code transactionIndex} of {@code block}:
     * compact (its own envelope, the header and the orderer's signatures) or, with {@code fullBlock}, with
     * every envelope of the block as version 1 has; {@code logProof} proves the act's leaf in the
     * transparency log and must do so: it is checked against the leaf recomputed from the block.
     *
     * @param logProof a c2sp.org/tlog-proof@v1 of the act's leaf ({@link LeafEntry}) in a signed checkpoint
     */
    public static EvidenceCertificate issueV2(Block block, int transactionIndex, TxValidationCode validationCode,
            ActRecord act, IssuerKey key, Instant issuedAt, TlogProof logProof, boolean fullBlock) {
        if (logProof == null) {
            throw new IllegalArgumentException("a version 2 certificate needs the act's transparency-log proof");
        }
        return issue(block, transactionIndex, validationCode, act, key, issuedAt, logProof, fullBlock);
    }

    private static EvidenceCertificate issue(Block block, int transactionIndex, TxValidationCode validationCode,
            ActRecord act, IssuerKey key, Instant issuedAt, TlogProof logProof, boolean fullBlock) {
        List<ByteString> envelopes = block.getData().getDataList();
        if (transactionIndex < 0 || transactionIndex >= envelopes.size()) {
            throw new IllegalArgumentException("block " + block.getHeader().getNumber() + " has " + envelopes.size()
                    + " transactions; there is no index " + transactionIndex);
        }
        if (validationCode != TxValidationCode.VALID) {
            throw new IllegalArgumentException("the transaction's validation code is " + validationCode
                    + "; only VALID transactions are certified");
        }
        ByteString filter = metadata(block, BlockMetadataIndex.TRANSACTIONS_FILTER, "TRANSACTIONS_FILTER");
        if (filter.size() != envelopes.size() || filter.byteAt(transactionIndex) != validationCode.getNumber()) {
            throw new IllegalArgumentException("the block's TRANSACTIONS_FILTER does not record " + validationCode
                    + " for transaction " + transactionIndex);
        }
        ByteString signatures = metadata(block, BlockMetadataIndex.SIGNATURES, "SIGNATURES");
        EndorserTransaction tx = EndorserTransaction.parse(envelopes.get(transactionIndex));
        if (tx.timestamp().isAfter(issuedAt.plus(CLOCK_WINDOW))) {
            // The client wrote the timestamp; an act cannot have happened after the issuer saw it committed.
            throw new IllegalArgumentException("transaction " + tx.transactionId() + " claims the time " + tx.timestamp()
                    + ", " + Duration.between(issuedAt, tx.timestamp()).toSeconds() + " s after the issuer's clock ("
                    + issuedAt + "): its time is forward-dated beyond the " + CLOCK_WINDOW.toSeconds()
                    + " s window, and a certificate would state a time no one can vouch for");
        }
        String chaincode = tx.actionChaincode();
        KVWrite write = tx.write(chaincode, act.stateKey())
                .filter(w -> !w.getIsDelete())
                .orElseThrow(() -> new IllegalArgumentException("transaction " + tx.transactionId()
                        + " wrote no value to key " + printable(act.stateKey()) + " of " + chaincode));
        FabricIdentity submitter = FabricIdentity.parse(tx.creator());
        List<Party> parties = new ArrayList<>();
        parties.add(new Party(Party.SUBMITTER, submitter.mspId(), submitter.certificate()));
        parties.addAll(act.otherParties());

        long number = block.getHeader().getNumber();
        if (logProof != null) {
            requireLeafProven(logProof, LeafEntry.entry(number, transactionIndex, envelopes.get(transactionIndex)));
        }
        String channel = tx.channelHeader().getChannelId();
        FabricProof proof = fullBlock
                ? new FabricProof(channel, chaincode, tx.transactionId(), number, transactionIndex, validationCode.name(),
                        envelopes.get(transactionIndex), envelopes, block.getHeader(), signatures, filter)
                : FabricProof.compact(channel, chaincode, tx.transactionId(), number, transactionIndex,
                        validationCode.name(), envelopes.get(transactionIndex), block.getHeader(), signatures);
        IssuerInfo issuer = new IssuerInfo(key.algorithm(), key.certificate(), key.intermediates());
        String id = isBatch(tx) ? CertificateContent.deriveId(tx.transactionId(), act.assetId(), key.certificate())
                : CertificateContent.deriveId(tx.transactionId(), key.certificate());
        CertificateContent content = new CertificateContent(
                logProof == null ? CertificateContent.VERSION_1 : CertificateContent.VERSION_2,
                id, act.act(), act.assetId(), act.rightId(),
                parties, act.digests(), new LedgerRecord(act.stateKey(), utf8(write.getValue())), tx.timestamp(), issuedAt,
                proof, issuer, act.status(), logProof == null ? null : logProof.render());
        return new EvidenceCertificate(content, key.sign(content.canonicalBytes()), null);
    }

    /** A batch transaction's event lists several data assets, each certified on its own. */
    private static boolean isBatch(EndorserTransaction tx) {
        if (tx.event() == null || tx.event().getPayload().isEmpty()) {
            return false;
        }
        try {
            return ActEvents.isBatch(StrictJson.MAPPER.readTree(tx.event().getPayload().toStringUtf8()));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the transaction's event payload is not JSON: " + e.getMessage(), e);
        }
    }

    /** The issuer states only a proof it has checked: the path must recompute the checkpoint's root from this leaf. */
    private static void requireLeafProven(TlogProof logProof, byte[] entry) {
        try {
            logProof.inclusionProof().verify(TreeHash.leaf(entry), logProof.checkpoint().rootHash());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the transparency-log proof does not prove this act's leaf: " + e.getMessage(), e);
        }
    }

    private static ByteString metadata(Block block, BlockMetadataIndex index, String name) {
        if (block.getMetadata().getMetadataCount() <= index.getNumber()
                || block.getMetadata().getMetadata(index.getNumber()).isEmpty()) {
            throw new IllegalArgumentException("block " + block.getHeader().getNumber() + " has no " + name + " metadata");
        }
        return block.getMetadata().getMetadata(index.getNumber());
    }

    private static String utf8(ByteString value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the written value is not UTF-8 text and cannot be stated: " + e.getMessage(), e);
        }
    }

    private static String printable(String key) {
        return key.replace("\u0000", "\\u0000");
    }
}
