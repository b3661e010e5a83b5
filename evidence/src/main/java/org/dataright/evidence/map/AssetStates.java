package org.dataright.evidence.map;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * order gives the same root anywhere. Not thread-safe; but an asset's records, once applied, are never
 * changed in place (a transaction replaces them), so a {@link #snapshot} is a shallow copy.
 */
public final class AssetStates {
    /** Where a record's current bytes were written, and their SHA-256. */
    public record RecordRef(long block, int tx, byte[] hash) {
    }

    /**
     * The records of every asset after the blocks below {@code nextBlock}, and the map's root then: what a
     * snapshot on disk holds. Its buckets are shared with the states and must not be changed.
     */
    public record Snapshot(String namespace, long nextBlock, Map<String, SortedMap<String, RecordRef>> records, byte[] root) {
    }

    private final String namespace;
    private StateMap map = new StateMap();
    private final Map<String, SortedMap<String, RecordRef>> records = new HashMap<>();
    private long nextBlock;

    /** @param namespace the chaincode whose writes count */
    public AssetStates(String namespace) {
        this.namespace = namespace;
    }

    /** The states as of this moment, in time proportional to the number of assets (no record is copied). */
    public Snapshot snapshot() {
        return new Snapshot(namespace, nextBlock, new HashMap<>(records), map.root());
    }

    /**
     * The states a snapshot holds, the map rebuilt from the records' hashes (its root is the snapshot's only
     * when the records are the ones it was taken of: the caller compares it with a root it trusts).
     *
     * @throws IllegalArgumentException when an asset has no records, or a record key is not of its asset
     */
    public static AssetStates restore(String namespace, long nextBlock, Map<String, SortedMap<String, RecordRef>> records) {
        AssetStates states = new AssetStates(namespace);
        states.nextBlock = nextBlock;
        byte[][] keys = new byte[records.size()][];
        byte[][] values = new byte[records.size()][];
        String[] assets = records.keySet().toArray(String[]::new);
        for (int i = 0; i < assets.length; i++) {
            SortedMap<String, RecordRef> bucket = records.get(assets[i]);
            if (bucket.isEmpty()) {
                throw new IllegalArgumentException("asset " + assets[i] + " has no records");
            }
            for (String key : bucket.keySet()) {
                if (!assets[i].equals(AssetRecords.assetOf(key))) {
                    throw new IllegalArgumentException("the record key " + key.replace('\u0000', '~') + " is not of asset "
                            + assets[i]);
                }
            }
            keys[i] = AssetRecords.mapKey(assets[i]);
            states.records.put(assets[i], bucket);
        }
        Integer[] order = new Integer[assets.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
        byte[][] sortedKeys = new byte[order.length][];
        for (int i = 0; i < order.length; i++) {
            sortedKeys[i] = keys[order[i]];
            values[i] = AssetRecords.mapValue(hashes(records.get(assets[order[i]])));
        }
        states.map = StateMap.of(sortedKeys, values);
        return states;
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
        // Each touched asset's records are copied and replaced, never changed in place (see snapshot()).
        Map<String, SortedMap<String, RecordRef>> touched = new LinkedHashMap<>();
        for (KVWrite write : transaction.writes(namespace)) {
            String asset = AssetRecords.assetOf(write.getKey());
            if (asset == null) {
                continue;
            }
            SortedMap<String, RecordRef> bucket = touched.computeIfAbsent(asset, a -> {
                SortedMap<String, RecordRef> current = records.get(a);
                return current == null ? new TreeMap<>() : new TreeMap<>(current);
            });
            // Fabric takes a write of no bytes as a delete, as the chaincode shim writes deletes.
            if (write.getIsDelete() || write.getValue().isEmpty()) {
                bucket.remove(write.getKey());
            } else {
                bucket.put(write.getKey(), new RecordRef(block, tx, AssetRecords.recordHash(write.getValue().toByteArray())));
            }
        }
        for (Map.Entry<String, SortedMap<String, RecordRef>> e : touched.entrySet()) {
            String asset = e.getKey();
            SortedMap<String, RecordRef> bucket = e.getValue();
            records.put(asset, bucket);
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
