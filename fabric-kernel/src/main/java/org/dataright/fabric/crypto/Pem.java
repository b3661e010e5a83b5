package org.dataright.fabric.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * PEM certificates and keys, the one reader and writer of them: Fabric's MSP folders, serialized
 * identities, connection profiles and trust bundles all hold PEM text.
 */
public final class Pem {
    /** The one Bouncy Castle provider; passed to each call, not added to the JVM's list. */
    public static final Provider BC = new BouncyCastleProvider();
    private static final Base64.Encoder BASE64_LINES = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    /** Parses one PEM (or DER) certificate; throws {@link IllegalArgumentException} saying why not. */
    public static X509Certificate certificate(String pem) {
        return certificate(pem.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Parses one PEM (or DER) certificate. P-256 certificates go to the JDK's parser, whose keys
     * {@link LowSEcdsa} verifies fastest; what the JDK cannot read (SM2) goes to Bouncy Castle.
     */
    public static X509Certificate certificate(byte[] pemOrDer) {
        try {
            return parse(CertificateFactory.getInstance("X.509"), pemOrDer);
        } catch (CertificateException | RuntimeException jdk) {
            try {
                return parse(CertificateFactory.getInstance("X.509", BC), pemOrDer);
            } catch (CertificateException | RuntimeException bc) {
                // The parsers' own messages name Java exception classes; say what is wrong in words.
                String text = new String(pemOrDer, StandardCharsets.US_ASCII);
                throw new IllegalArgumentException(text.contains("-----BEGIN CERTIFICATE-----")
                        ? "not an X.509 certificate: the PEM block does not hold a readable DER certificate"
                        : "not an X.509 certificate: no -----BEGIN CERTIFICATE----- block and not DER", jdk);
            }
        }
    }

    private static X509Certificate parse(CertificateFactory factory, byte[] pemOrDer) throws CertificateException {
        X509Certificate cert = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pemOrDer));
        if (cert == null) {
            throw new CertificateException("no certificate in the PEM text");
        }
        return cert;
    }

    /** The PEM text of a certificate, in the form Fabric puts in a serialized identity. */
    public static String of(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** A PKCS#8 {@code PRIVATE KEY} PEM block, as Fabric's MSP keystore holds keys. */
    public static String of(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64_LINES.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** Reads a PKCS#8 ({@code PRIVATE KEY}) or SEC 1 ({@code EC PRIVATE KEY}) PEM private key. */
    public static PrivateKey privateKey(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            PrivateKeyInfo info;
            if (read instanceof PrivateKeyInfo pkcs8) {
                info = pkcs8;
            } else if (read instanceof PEMKeyPair pair) {
                info = pair.getPrivateKeyInfo();
            } else {
                throw new IllegalArgumentException("no unencrypted private key in the PEM text (found "
                        + (read == null ? "nothing" : read.getClass().getSimpleName()) + ")");
            }
            // P-256 keys go to the JDK's provider, which LowSEcdsa signs with; the JDK has no SM2, so SM2 keys go to BC.
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (GMObjectIdentifiers.sm2p256v1.equals(info.getPrivateKeyAlgorithm().getParameters())) {
                converter.setProvider(BC);
            }
            return converter.getPrivateKey(info);
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException known) {
                throw known;
            }
            throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
        }
    }
}
