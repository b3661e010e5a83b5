package org.dataright.peer.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Byte layouts of the RocksDB keys and values, in one place.
 *
 * <ul>
 *   <li>state: {@code ns 0x00 key} → {@code u64 block, u64 tx, value}. Namespaces never hold 0x00, so
 *       the keys of a namespace are contiguous and in UTF-8 byte order, as in Fabric's LevelDB.</li>
 *   <li>history: {@code ns 0x00 u32 keyLength key u64 block u64 tx} → {@code KeyModification}. The
 *       length keeps composite keys (which hold 0x00) from running into each other.</li>
 *   <li>blocks: {@code 'n' u64 number} → {@code u32 file, u64 offset, u32 length, header hash};
 *       {@code 'h' header hash} → {@code u64 number}.</li>
 *   <li>txids: {@code tx id} → {@code u64 block, u32 tx, u32 validation code}.</li>
 *   <li>meta: {@code "savepoint"} → {@code u64} number of the last block whose batch was written.</li>
 * </ul>
 */
final class IndexKeys {
    static final byte[] SAVEPOINT = "savepoint".getBytes(StandardCharsets.US_ASCII);

    private IndexKeys() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] statePrefix(String ns) {
        byte[] n = utf8(ns);
        return ByteBuffer.allocate(n.length + 1).put(n).put((byte) 0).array();
    }

    static byte[] stateKey(String ns, String key) {
        byte[] p = statePrefix(ns);
        byte[] k = utf8(key);
        return ByteBuffer.allocate(p.length + k.length).put(p).put(k).array();
    }

    static byte[] stateValue(long block, long tx, byte[] value) {
        return ByteBuffer.allocate(16 + value.length).putLong(block).putLong(tx).put(value).array();
    }

    static byte[] historyPrefix(String ns, String key) {
        byte[] p = statePrefix(ns);
        byte[] k = utf8(key);
        return ByteBuffer.allocate(p.length + 4 + k.length).put(p).putInt(k.length).put(k).array();
    }

    static byte[] historyKey(String ns, String key, long block, long tx) {
        byte[] p = historyPrefix(ns, key);
        return ByteBuffer.allocate(p.length + 16).put(p).putLong(block).putLong(tx).array();
    }

    static byte[] blockKey(long number) {
        return ByteBuffer.allocate(9).put((byte) 'n').putLong(number).array();
    }

    static byte[] hashKey(byte[] hash) {
        return ByteBuffer.allocate(1 + hash.length).put((byte) 'h').put(hash).array();
    }

    static byte[] blockEntry(BlockLocation location, byte[] headerHash) {
        return ByteBuffer.allocate(16 + headerHash.length)
                .putInt(location.fileNumber()).putLong(location.offset()).putInt(location.length()).put(headerHash).array();
    }

    static byte[] u64(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    static byte[] txValue(long block, int tx, int code) {
        return ByteBuffer.allocate(16).putLong(block).putInt(tx).putInt(code).array();
    }

    static boolean startsWith(byte[] bytes, byte[] prefix) {
        return bytes.length >= prefix.length && java.util.Arrays.equals(bytes, 0, prefix.length, prefix, 0, prefix.length);
    }
}
