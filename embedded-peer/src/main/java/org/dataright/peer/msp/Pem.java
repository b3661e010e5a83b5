package org.dataright.peer.msp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.dataright.evidence.fabric.FabricIdentity;

/** PEM text for keys and certificates, as Fabric's MSP folders and the gateway client read them. */
public final class Pem {
    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";

    private Pem() {
    }

    /** A PKCS#8 {@code PRIVATE KEY} PEM block. */
    public static String privateKeyToPem(PrivateKey key) {
        return KEY_BEGIN + "\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n" + KEY_END + "\n";
    }

    /** Reads a PKCS#8 {@code PRIVATE KEY} PEM block holding an EC key. */
    public static PrivateKey parsePrivateKey(String pem) {
        int begin = pem.indexOf(KEY_BEGIN);
        int end = pem.indexOf(KEY_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("not a PKCS#8 PEM private key (expected " + KEY_BEGIN + ")");
        }
        String body = pem.substring(begin + KEY_BEGIN.length(), end).replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an EC private key: " + e.getMessage(), e);
        }
    }

    public static String certificateToPem(X509Certificate certificate) {
        return FabricIdentity.toPem(certificate);
    }

    public static X509Certificate parseCertificate(String pem) {
        return FabricIdentity.parsePem(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
