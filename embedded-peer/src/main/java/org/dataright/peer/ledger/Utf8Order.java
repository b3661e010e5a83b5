package org.dataright.peer.ledger;

import java.util.Comparator;

/**
 * Orders strings by code point, which is the byte order of their UTF-8 forms: the order of keys in
 * RocksDB (and in Fabric's LevelDB). {@link String#compareTo} orders UTF-16 units and differs for
 * characters above U+FFFF.
 */
final class Utf8Order {
    static final Comparator<String> COMPARATOR = Utf8Order::compare;

    private Utf8Order() {
    }

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
