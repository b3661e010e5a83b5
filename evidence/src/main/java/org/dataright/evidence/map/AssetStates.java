package org.dataright.evidence.map;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dataright.evidence.fabric.EndorserTransaction;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * The current records of every data asset, computed from the ledger's blocks alone, and the
 * {@link StateMap} over them. For each record it keeps where its current bytes are (block, transaction)
 * and their hash, not the bytes: a standing reads them back from that block. Applying the same blocks in
 * order gives the same root anywhere. Not thread-safe.
 */
public final class AssetStates {
    /** Where a record's current bytes were written, and their SHA-256. */
    public record RecordRef(long block, int tx, byte[] hash) {
    }

    private final String namespace;
    private final StateMap map = new StateMap();
    private final Map<String, SortedMap<String, RecordRef>> records = new HashMap<>();
    private long nextBlock;

    /** @param namespace the chaincode whose writes count */
    public AssetStates(String namespace) {
        this.namespace = namespace;
    }

    /** The chaincode whose writes count. */
    public String namespace() {
        return namespace;
    }

    /** The next block to apply; every earlier one is applied. */
    public long nextBlock() {
        return nextBlock;
    }

    public byte[] root() {
        return map.root();
    }

    public StateMap map() {
        return map;
    }

    /** The asset's records by key (a copy), empty when it has none. */
    public SortedMap<String, RecordRef> recordsOf(String assetId) {
        SortedMap<String, RecordRef> r = records.get(assetId);
        return r == null ? new TreeMap<>() : new TreeMap<>(r);
    }

    /**
     * Applies the writes of the block's VALID endorser transactions, in order.
     *
     * @throws IllegalArgumentException when the block is not the next one
     */
    public void apply(Block block) {
        long number = block.getHeader().getNumber();
        if (number != nextBlock) {
            throw new IllegalArgumentException("the state map applies block " + nextBlock + " next, not " + number);
        }
        ByteString filter = block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) : ByteString.EMPTY;
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            ByteString envelope = block.getData().getData(i);
            if (i < filter.size() && filter.byteAt(i) == TxValidationCode.VALID_VALUE
                    && EndorserTransaction.isEndorserTransaction(envelope)) {
                applyTransaction(number, i, EndorserTransaction.parse(envelope));
            }
        }
        nextBlock = number + 1;
    }

    private void applyTransaction(long block, int tx, EndorserTransaction transaction) {
        Set<String> touched = new LinkedHashSet<>();
        for (KVWrite write : transaction.writes(namespace)) {
            String asset = AssetRecords.assetOf(write.getKey());
            if (asset == null) {
                continue;
            }
            touched.add(asset);
            SortedMap<String, RecordRef> bucket = records.computeIfAbsent(asset, a -> new TreeMap<>());
            // Fabric takes a write of no bytes as a delete, as the chaincode shim writes deletes.
            if (write.getIsDelete() || write.getValue().isEmpty()) {
                bucket.remove(write.getKey());
            } else {
                bucket.put(write.getKey(), new RecordRef(block, tx, AssetRecords.recordHash(write.getValue().toByteArray())));
            }
        }
        for (String asset : touched) {
            SortedMap<String, RecordRef> bucket = records.get(asset);
            if (bucket.isEmpty()) {
                records.remove(asset);
                map.remove(AssetRecords.mapKey(asset));
            } else {
                map.put(AssetRecords.mapKey(asset), AssetRecords.mapValue(hashes(bucket)));
            }
        }
    }

    static SortedMap<String, byte[]> hashes(SortedMap<String, RecordRef> bucket) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        bucket.forEach((k, r) -> out.put(k, r.hash()));
        return out;
    }
}
