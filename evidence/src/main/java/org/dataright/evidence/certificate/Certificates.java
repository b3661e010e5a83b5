package org.dataright.evidence.certificate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.cert.X509Certificate;
import org.dataright.evidence.canonical.StrictJson;
import org.dataright.fabric.crypto.Pem;

/** X.509 certificates in certificate JSON: PEM text in exactly the form {@link Pem#of} writes. */
final class Certificates {
    private Certificates() {
    }

    static X509Certificate pem(ObjectNode o, String path, String field) {
        return parse(path + "." + field, StrictJson.text(o, path, field));
    }

    static X509Certificate parse(String where, String text) {
        X509Certificate cert;
        try {
            cert = Pem.certificate(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
        // One certificate, one spelling, so that the signed canonical form is the text a reader sees.
        if (!Pem.of(cert).equals(text)) {
            throw new IllegalArgumentException(where + ": certificate PEM must have 64-column base64 lines and end with a newline");
        }
        return cert;
    }

    static String pem(X509Certificate cert) {
        return Pem.of(cert);
    }
}
