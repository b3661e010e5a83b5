package org.dataright.evidence.map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import org.dataright.evidence.canonical.Jcs;

/**
 * Which ledger records make up a data asset's standing, and the state map's key and value for it.
 * The rights chaincode keys every record of an asset as a Fabric composite key whose first attribute
 * is the asset id: {@code asset}, {@code right} (its holder, status, open offer, pledge and freeze),
 * {@code licence} and {@code evidence} records. Acts awaiting review, objections, the registry's
 * configuration and the indexes (holder, digest) are keyed otherwise and are not part of it.
 *
 * <pre>
 * map key   = SHA-256(UTF-8 asset id)
 * map value = SHA-256(RFC 8785 JSON [{"key":"&lt;record key&gt;","value":"&lt;hex SHA-256 of the record's bytes&gt;"}, …])
 *             with the records sorted by key (UTF-16 code units, as Java compares strings)
 * </pre>
 *
 * An asset with no record is absent from the map.
 */
public final class AssetRecords {
    /** The composite key types whose first attribute is the asset id (the chaincode's {@code Ledger} constants). */
    public static final Set<String> TYPES = Set.of("asset", "right", "licence", "evidence");

    private static final char SEPARATOR = '\u0000';

    private AssetRecords() {
    }

    /** The asset a record key belongs to, or null when the key is not part of any asset's standing. */
    public static String assetOf(String key) {
        if (key.isEmpty() || key.charAt(0) != SEPARATOR) {
            return null;
        }
        int typeEnd = key.indexOf(SEPARATOR, 1);
        if (typeEnd < 0 || !TYPES.contains(key.substring(1, typeEnd))) {
            return null;
        }
        int idEnd = key.indexOf(SEPARATOR, typeEnd + 1);
        if (idEnd <= typeEnd + 1) {
            return null;
        }
        return key.substring(typeEnd + 1, idEnd);
    }

    /** The record's type ({@code right}, …) for a key {@link #assetOf} accepts. */
    public static String typeOf(String key) {
        return key.substring(1, key.indexOf(SEPARATOR, 1));
    }

    public static byte[] mapKey(String assetId) {
        return StateMap.sha256().digest(assetId.getBytes(StandardCharsets.UTF_8));
    }

    /** The map value of an asset's records: record key to the SHA-256 of its bytes, every key of one asset. */
    public static byte[] mapValue(SortedMap<String, byte[]> recordHashes) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (Map.Entry<String, byte[]> e : recordHashes.entrySet()) {
            list.addObject().put("key", e.getKey()).put("value", HexFormat.of().formatHex(e.getValue()));
        }
        return StateMap.sha256().digest(Jcs.canonicalize(list));
    }

    public static byte[] recordHash(byte[] value) {
        return StateMap.sha256().digest(value);
    }
}
