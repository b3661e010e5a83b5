package org.dataright.evidence.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import org.dataright.evidence.canonical.Jcs;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The leaf entries of a block: one per VALID transaction, in block order, each the RFC 8785 canonical JSON
 * (UTF-8) of
 *
 * <pre>{"block":N,"envelope":"&lt;hex SHA-256 of the envelope bytes&gt;","tx":i,"txId":"…","validation":"VALID",
 *  "writes":["&lt;hex SHA-256(namespace ‖ 0x00 ‖ key)&gt;", …]}</pre>
 *
 * <p>{@code writes} holds each key the transaction's public read-write sets write (or delete), hashed,
 * deduplicated and sorted; a transaction writing more than {@value #MAX_LISTED_WRITES} keys has instead
 * {@code "writeCount":n,"writesDigest":"<hex SHA-256 of the sorted 32-byte hashes concatenated>"} so that an
 * entry always fits a tlog-tiles entry bundle. Anyone with the block recomputes the same bytes.
 */
public final class LeafEntry {
    /** Above this many written keys the entry has a digest of them instead of the list. */
    public static final int MAX_LISTED_WRITES = 512;

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String TX_ID_FIELD = "\"txId\":\"";

    private LeafEntry() {
    }

    /** The entries of the block's valid transactions, in block order. */
    public static List<byte[]> of(Block block) {
        ByteString filter = block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) : ByteString.EMPTY;
        List<byte[]> entries = new ArrayList<>();
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            if (i >= filter.size() || filter.byteAt(i) != TxValidationCode.VALID_VALUE) {
                continue;
            }
            entries.add(entry(block.getHeader().getNumber(), i, block.getData().getData(i)));
        }
        return entries;
    }

    /**
     * The entry of the transaction at {@code index} of block {@code number}, whose envelope is {@code envelopeBytes}:
     * what the log appends for it, and what a verifier recomputes from a certificate's envelope and block facts.
     */
    public static byte[] entry(long number, int index, ByteString envelopeBytes) {
        String txId = "";
        TreeSet<String> writes = new TreeSet<>();
        try {
            Envelope envelope = Envelope.parseFrom(envelopeBytes);
            Payload payload = Payload.parseFrom(envelope.getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            txId = header.getTxId();
            if (header.getType() == HeaderType.ENDORSER_TRANSACTION_VALUE) {
                writes(Transaction.parseFrom(payload.getData()), writes);
            }
        } catch (InvalidProtocolBufferException e) {
            // A VALID transaction always parses; should one not, its entry still has the envelope's hash.
            txId = "";
            writes.clear();
        }
        return render(number, index, txId, sha256(envelopeBytes.toByteArray()), writes);
    }

    /**
     * The transaction id an entry names, read from its canonical form without parsing the JSON (a valid
     * transaction's id is hex, so it holds no quote); null when the bytes are not an entry.
     */
    public static String txId(byte[] entry) {
        String text = new String(entry, StandardCharsets.UTF_8);
        int at = text.indexOf(TX_ID_FIELD);
        if (!text.startsWith("{\"block\":") || at < 0) {
            return null;
        }
        int start = at + TX_ID_FIELD.length();
        int end = text.indexOf('"', start);
        return end < 0 ? null : text.substring(start, end);
    }

    /** The block number an entry names (its first field), or -1 when the bytes are not an entry. */
    public static long block(byte[] entry) {
        String prefix = "{\"block\":";
        int at = prefix.length();
        if (entry.length <= at || !new String(entry, 0, at, StandardCharsets.UTF_8).equals(prefix)) {
            return -1;
        }
        long number = 0;
        int digits = 0;
        for (; at < entry.length && entry[at] >= '0' && entry[at] <= '9' && digits < 18; at++, digits++) {
            number = number * 10 + (entry[at] - '0');
        }
        return digits == 0 || at >= entry.length || entry[at] != ',' ? -1 : number;
    }

    /** The entry's bytes from its fields; {@code writes}: the lowercase hex key hashes, sorted. */
    static byte[] render(long number, int index, String txId, byte[] envelopeHash, TreeSet<String> writes) {
        ObjectNode json = NODES.objectNode();
        json.put("block", number);
        json.put("tx", index);
        json.put("txId", txId);
        json.put("envelope", HEX.formatHex(envelopeHash));
        json.put("validation", TxValidationCode.VALID.name());
        if (writes.size() > MAX_LISTED_WRITES) {
            MessageDigest digest = sha256();
            writes.forEach(w -> digest.update(HEX.parseHex(w)));
            json.put("writeCount", writes.size());
            json.put("writesDigest", HEX.formatHex(digest.digest()));
        } else {
            ArrayNode list = json.putArray("writes");
            writes.forEach(list::add);
        }
        return Jcs.canonicalize(json);
    }

    private static void writes(Transaction tx, TreeSet<String> writes) throws InvalidProtocolBufferException {
        for (TransactionAction action : tx.getActionsList()) {
            ChaincodeActionPayload payload = ChaincodeActionPayload.parseFrom(action.getPayload());
            ProposalResponsePayload response = ProposalResponsePayload.parseFrom(payload.getAction().getProposalResponsePayload());
            ChaincodeAction chaincodeAction = ChaincodeAction.parseFrom(response.getExtension());
            TxReadWriteSet rwset = TxReadWriteSet.parseFrom(chaincodeAction.getResults());
            for (NsReadWriteSet ns : rwset.getNsRwsetList()) {
                KVRWSet kv = KVRWSet.parseFrom(ns.getRwset());
                for (KVWrite write : kv.getWritesList()) {
                    writes.add(HEX.formatHex(keyHash(ns.getNamespace(), write.getKey())));
                }
            }
        }
    }

    /** SHA-256(UTF-8 namespace ‖ 0x00 ‖ UTF-8 key). */
    static byte[] keyHash(String namespace, String key) {
        MessageDigest digest = sha256();
        digest.update(namespace.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(key.getBytes(StandardCharsets.UTF_8));
        return digest.digest();
    }

    static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
