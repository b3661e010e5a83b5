package org.dataright.evidence.crypto;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.dataright.evidence.fabric.FabricIdentity;

/** PEM certificates and keys, read with Bouncy Castle so that SM2 certificates parse as well as P-256 ones. */
public final class Pem {
    /** The one Bouncy Castle provider of this module; passed to each call, not added to the JVM's list. */
    public static final Provider BC = new BouncyCastleProvider();

    private Pem() {
    }

    /** Parses one PEM (or DER) certificate; throws {@link IllegalArgumentException} saying why not. */
    public static X509Certificate certificate(String pem) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509", BC);
            X509Certificate cert = (X509Certificate) factory.generateCertificate(
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (cert == null) {
                throw new IllegalArgumentException("no certificate in the PEM text");
            }
            return cert;
        } catch (CertificateException | RuntimeException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage(), e);
        }
    }

    /** The PEM text of a certificate, in the form Fabric puts in a serialized identity. */
    public static String of(X509Certificate certificate) {
        return FabricIdentity.toPem(certificate);
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
        } catch (IOException e) {
            throw new IllegalArgumentException("not a PEM private key: " + e.getMessage(), e);
        }
    }
}
