package org.dataright.evidence.certificate;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dataright.evidence.crypto.IssuerKey;
import org.dataright.evidence.fabric.EndorserTransaction;
import org.dataright.fabric.msp.FabricIdentity;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Builds and signs certificates from committed blocks. It refuses what it cannot truthfully certify:
 * a transaction that is not VALID, a validation code that disagrees with the block's filter, or a
 * record the transaction did not write.
 */
public final class CertificateIssuer {
    private CertificateIssuer() {
    }

    /**
     * Issues the certificate of the transaction at {@code transactionIndex} of {@code block}.
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
        String chaincode = tx.actionChaincode();
        KVWrite write = tx.write(chaincode, act.stateKey())
                .filter(w -> !w.getIsDelete())
                .orElseThrow(() -> new IllegalArgumentException("transaction " + tx.transactionId()
                        + " wrote no value to key " + printable(act.stateKey()) + " of " + chaincode));
        FabricIdentity submitter = FabricIdentity.parse(tx.creator());
        List<Party> parties = new ArrayList<>();
        parties.add(new Party(Party.SUBMITTER, submitter.mspId(), submitter.certificate()));
        parties.addAll(act.otherParties());

        FabricProof proof = new FabricProof(tx.channelHeader().getChannelId(), chaincode, tx.transactionId(),
                block.getHeader().getNumber(), transactionIndex, validationCode.name(), envelopes.get(transactionIndex),
                envelopes, block.getHeader(), signatures, filter);
        IssuerInfo issuer = new IssuerInfo(key.algorithm(), key.certificate(), key.intermediates());
        CertificateContent content = new CertificateContent(CertificateContent.VERSION,
                CertificateContent.deriveId(tx.transactionId(), key.certificate()), act.act(), act.assetId(), act.rightId(),
                parties, act.digests(), new LedgerRecord(act.stateKey(), utf8(write.getValue())), tx.timestamp(), issuedAt,
                proof, issuer, act.status());
        return new EvidenceCertificate(content, key.sign(content.canonicalBytes()), null);
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
