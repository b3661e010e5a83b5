package org.dataright.evidence.certificate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dataright.evidence.canonical.StrictJson;

/**
 * The state the act wrote: a key of the chaincode's namespace (composite keys keep their
 * {@code U+0000} separators) and the value written, as UTF-8 text (the chaincode writes JSON).
 */
public record LedgerRecord(String key, String value) {
    public LedgerRecord {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a ledger record needs a key");
        }
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a ledger record needs a value (Fabric treats an empty value as a delete)");
        }
    }

    static LedgerRecord fromJson(ObjectNode o, String path) {
        StrictJson.onlyFields(o, path, "key", "value");
        return new LedgerRecord(StrictJson.text(o, path, "key"), StrictJson.text(o, path, "value"));
    }

    void toJson(ObjectNode o) {
        o.put("key", key);
        o.put("value", value);
    }
}
