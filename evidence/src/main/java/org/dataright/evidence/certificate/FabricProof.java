package org.dataright.evidence.certificate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.dataright.evidence.canonical.StrictJson;
import org.dataright.evidence.digest.HexDigest;
import org.hyperledger.fabric.protos.common.BlockHeader;

/**
 * The ledger's own proof of the act: its envelope, the block header and the orderer's {@code SIGNATURES}
 * metadata. Fabric's {@code data_hash} is a flat hash over every envelope of the block, and the orderer
 * does not sign the validation codes, so a full-block proof (every version 1 certificate, and a version 2
 * one asked for with the full block) also carries the whole block's envelopes and the validation codes as
 * the committing peer recorded them. A compact proof (version 2) carries neither: the transparency log's
 * leaf places the envelope in the block and states it VALID.
 *
 * @param channel             the channel the transaction was submitted to
 * @param chaincode           the chaincode it invoked
 * @param transactionId       its transaction id (64 lowercase hex)
 * @param blockNumber         the block holding it
 * @param transactionIndex    its position among the block's envelopes
 * @param validationCode      the validation code the peer reported for it ({@code ProcessedTransaction})
 * @param envelope            the transaction's {@code common.Envelope} bytes
 * @param blockEnvelopes      every envelope of the block, in order ({@code Block.data.data}); empty in a compact proof
 * @param blockHeader         the block's header (number, previous hash, data hash)
 * @param ordererSignatures   the {@code common.Metadata} bytes of the block's SIGNATURES metadata slot
 * @param transactionsFilter  the block's TRANSACTIONS_FILTER metadata: one validation code per envelope; null in a
 *                            compact proof
 */
public record FabricProof(String channel, String chaincode, String transactionId, long blockNumber, int transactionIndex,
        String validationCode, ByteString envelope, List<ByteString> blockEnvelopes, BlockHeader blockHeader,
        ByteString ordererSignatures, ByteString transactionsFilter) {
    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z_]{0,63}");
    private static final long MAX_SAFE = (1L << 53) - 1;

    public FabricProof {
        require(channel != null && !channel.isEmpty(), "proof.channel is required");
        require(chaincode != null && !chaincode.isEmpty(), "proof.chaincode is required");
        HexDigest.require("proof.transactionId", transactionId);
        require(blockNumber >= 0 && blockNumber <= MAX_SAFE, "proof.blockNumber must be in [0, 2^53-1]");
        require(transactionIndex >= 0, "proof.transactionIndex must not be negative");
        require(validationCode != null && CODE.matcher(validationCode).matches(),
                "proof.validationCode must be a TxValidationCode name such as VALID");
        require(envelope != null && !envelope.isEmpty(), "proof.envelope is required");
        blockEnvelopes = List.copyOf(blockEnvelopes);
        require(blockHeader != null, "proof.blockHeader is required");
        require(ordererSignatures != null && !ordererSignatures.isEmpty(), "proof.ordererSignatures is required");
        require(transactionsFilter == null || !transactionsFilter.isEmpty(),
                "proof.transactionsFilter must be omitted rather than empty");
        require(blockEnvelopes.isEmpty() == (transactionsFilter == null),
                "proof.blockEnvelopes and proof.transactionsFilter come together (a full-block proof) or not at all");
    }

    /** A compact proof: the act's envelope, the block header and the orderer's signatures, nothing of other acts. */
    public static FabricProof compact(String channel, String chaincode, String transactionId, long blockNumber,
            int transactionIndex, String validationCode, ByteString envelope, BlockHeader blockHeader,
            ByteString ordererSignatures) {
        return new FabricProof(channel, chaincode, transactionId, blockNumber, transactionIndex, validationCode, envelope,
                List.of(), blockHeader, ordererSignatures, null);
    }

    /** Whether the proof carries every envelope of the block and its validation codes. */
    public boolean fullBlock() {
        return !blockEnvelopes.isEmpty();
    }

    static FabricProof fromJson(ObjectNode o, String path) {
        StrictJson.onlyFields(o, path, "channel", "chaincode", "transactionId", "blockNumber", "transactionIndex",
                "validationCode", "envelope", "blockEnvelopes", "blockHeader", "ordererSignatures", "transactionsFilter");
        List<ByteString> envelopes = new ArrayList<>();
        List<JsonNode> items = o.has("blockEnvelopes") ? StrictJson.array(o, path, "blockEnvelopes") : List.of();
        if (o.has("blockEnvelopes") && items.isEmpty()) {
            throw new IllegalArgumentException(path + ".blockEnvelopes must be omitted rather than empty");
        }
        for (int i = 0; i < items.size(); i++) {
            String where = path + ".blockEnvelopes[" + i + "]";
            if (!items.get(i).isTextual()) {
                throw new IllegalArgumentException(where + " must be a base64 string");
            }
            envelopes.add(ByteString.copyFrom(StrictJson.base64(where, items.get(i).textValue())));
        }
        String headerPath = path + ".blockHeader";
        ObjectNode h = StrictJson.object(o, path, "blockHeader");
        StrictJson.onlyFields(h, headerPath, "number", "previousHash", "dataHash");
        BlockHeader header = BlockHeader.newBuilder()
                .setNumber(StrictJson.integer(h, headerPath, "number", 0, MAX_SAFE))
                .setPreviousHash(ByteString.copyFrom(StrictJson.hex(h, headerPath, "previousHash")))
                .setDataHash(ByteString.copyFrom(StrictJson.hex(h, headerPath, "dataHash")))
                .build();
        return new FabricProof(StrictJson.text(o, path, "channel"), StrictJson.text(o, path, "chaincode"),
                StrictJson.text(o, path, "transactionId"),
                StrictJson.integer(o, path, "blockNumber", 0, MAX_SAFE),
                (int) StrictJson.integer(o, path, "transactionIndex", 0, Integer.MAX_VALUE),
                StrictJson.text(o, path, "validationCode"),
                ByteString.copyFrom(StrictJson.base64Field(o, path, "envelope")),
                envelopes, header,
                ByteString.copyFrom(StrictJson.base64Field(o, path, "ordererSignatures")),
                o.has("transactionsFilter") ? ByteString.copyFrom(StrictJson.base64Field(o, path, "transactionsFilter")) : null);
    }

    void toJson(ObjectNode o) {
        Base64.Encoder b64 = Base64.getEncoder();
        o.put("channel", channel);
        o.put("chaincode", chaincode);
        o.put("transactionId", transactionId);
        o.put("blockNumber", blockNumber);
        o.put("transactionIndex", transactionIndex);
        o.put("validationCode", validationCode);
        o.put("envelope", b64.encodeToString(envelope.toByteArray()));
        if (fullBlock()) {
            ArrayNode envelopes = o.putArray("blockEnvelopes");
            blockEnvelopes.forEach(e -> envelopes.add(b64.encodeToString(e.toByteArray())));
        }
        ObjectNode h = o.putObject("blockHeader");
        h.put("number", blockHeader.getNumber());
        h.put("previousHash", HexFormat.of().formatHex(blockHeader.getPreviousHash().toByteArray()));
        h.put("dataHash", HexFormat.of().formatHex(blockHeader.getDataHash().toByteArray()));
        o.put("ordererSignatures", b64.encodeToString(ordererSignatures.toByteArray()));
        if (transactionsFilter != null) {
            o.put("transactionsFilter", b64.encodeToString(transactionsFilter.toByteArray()));
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
