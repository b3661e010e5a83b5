package org.dataright.cli.identity;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.dataright.fabric.crypto.Pem;

/** Key pairs made on this machine (ECDSA P-256) and the PKCS#10 requests that carry their public half. */
public final class KeyMaterial {
    private KeyMaterial() {
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime lacks ECDSA P-256", e);
        }
    }

    /** A PEM certificate signing request with subject {@code CN=<commonName>}, signed SHA256withECDSA. */
    public static String csr(KeyPair keys, String commonName) {
        try {
            PKCS10CertificationRequest request = new JcaPKCS10CertificationRequestBuilder(
                    new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build(), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(request);
            }
            return pem.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot build a certificate request: " + e.getMessage(), e);
        }
    }

    /**
     * The PEM certificate in {@code file}. The parsers' own messages name their Java classes, so a file that
     * is not one is an {@link IllegalArgumentException} that says so in words.
     */
    public static X509Certificate readCertificate(Path file) throws IOException {
        byte[] pem = Files.readAllBytes(file);
        try {
            return Pem.certificate(pem);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a PEM X.509 certificate (-----BEGIN CERTIFICATE-----)", e);
        }
    }

    /** The PEM private key in {@code file}, as {@link #readCertificate} reads a certificate. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String pem = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        try {
            return Pem.privateKey(pem);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not a PEM private key (-----BEGIN PRIVATE KEY-----, PKCS#8)", e);
        }
    }

    /** What went wrong reading a file, in words: a missing file is named as missing, not by its bare path. */
    public static String describe(IOException e) {
        return e instanceof NoSuchFileException missing ? "there is no file " + missing.getFile() : e.getMessage();
    }

    /** True when {@code key} is the private half of {@code publicKey}. */
    public static boolean matches(PrivateKey key, PublicKey publicKey) {
        try {
            byte[] probe = "dpr key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
