package org.dataright.evidence.certificate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.cert.X509Certificate;
import java.util.regex.Pattern;
import org.dataright.evidence.canonical.StrictJson;

/**
 * A party to the act: its role in it ({@code submitter} is the client that signed the transaction;
 * others, e.g. {@code receiver}, are named by the issuer), its MSP id and its X.509 certificate.
 */
public record Party(String role, String mspId, X509Certificate certificate) {
    public static final String SUBMITTER = "submitter";
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z-]{0,31}");

    public Party {
        if (role == null || !ROLE.matcher(role).matches()) {
            throw new IllegalArgumentException("a party role is 1–32 lowercase letters or '-', not '" + role + "'");
        }
        if (mspId == null || mspId.isEmpty()) {
            throw new IllegalArgumentException("a party needs an MSP id");
        }
        if (certificate == null) {
            throw new IllegalArgumentException("a party needs a certificate");
        }
    }

    static Party fromJson(ObjectNode o, String path) {
        StrictJson.onlyFields(o, path, "role", "mspId", "certificate");
        return new Party(StrictJson.text(o, path, "role"), StrictJson.text(o, path, "mspId"),
                Certificates.pem(o, path, "certificate"));
    }

    void toJson(ObjectNode o) {
        o.put("role", role);
        o.put("mspId", mspId);
        o.put("certificate", Certificates.pem(certificate));
    }
}
