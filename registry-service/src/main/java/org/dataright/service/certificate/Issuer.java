package org.dataright.service.certificate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.dataright.evidence.crypto.IssuerKey;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.dataright.service.config.DataFiles;
import org.dataright.service.config.RegistryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key that signs evidence certificates and the issuer roots verifiers trust. Configured
 * ({@code registry.issuer.private-key}, {@code certificate}, {@code intermediates},
 * {@code root-certificates}) or, when no key is configured, made on first start in
 * {@code <data dir>/issuer/<algorithm>/}: a self-signed issuer root CA ({@code root.pem}, whose key is
 * discarded once it has signed) and the signing certificate and key it issued ({@code cert.pem},
 * {@code key.pem}, owner-readable only).
 *
 * @param key   the signing key with its certificate chain
 * @param roots the issuer roots of the trust bundle
 */
public record Issuer(IssuerKey key, List<X509Certificate> roots) {
    private static final Logger log = LoggerFactory.getLogger(Issuer.class);
    private static final Duration ROOT_VALIDITY = Duration.ofDays(365L * 20);
    private static final Duration KEY_VALIDITY = Duration.ofDays(365L * 10);
    private static final SecureRandom RANDOM = new SecureRandom();

    public Issuer {
        roots = List.copyOf(roots);
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("the issuer needs at least one root certificate for the trust bundle");
        }
    }

    /** The evidence module's algorithm for a configured one. */
    public static SignatureAlgorithm algorithm(RegistryProperties.SigningAlgorithm configured) {
        return switch (configured) {
            case ECDSA_P256 -> SignatureAlgorithm.ECDSA_P256_SHA256;
            case SM2 -> SignatureAlgorithm.SM2_SM3;
        };
    }

    /** The configured issuer, or the one kept in (or made in) the data directory. */
    public static Issuer load(RegistryProperties properties) {
        RegistryProperties.Issuer config = properties.issuer();
        SignatureAlgorithm algorithm = algorithm(config.algorithm());
        if (config.privateKey() != null) {
            if (config.certificate() == null || config.rootCertificates().isEmpty()) {
                throw new IllegalStateException("registry.issuer.private-key needs registry.issuer.certificate and "
                        + "registry.issuer.root-certificates (the issuer roots verifiers trust)");
            }
            List<X509Certificate> intermediates = new ArrayList<>();
            config.intermediates().forEach(p -> intermediates.add(Pem.certificate(read(p))));
            IssuerKey key;
            try {
                key = new IssuerKey(algorithm, Pem.privateKey(read(config.privateKey())),
                        Pem.certificate(read(config.certificate())), intermediates);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the configured issuer key cannot be used: " + e.getMessage(), e);
            }
            return new Issuer(key, config.rootCertificates().stream().map(p -> Pem.certificate(read(p))).toList());
        }
        Path dir = properties.dataDir().resolve("issuer").resolve(config.algorithm().name());
        Path keyFile = dir.resolve("key.pem");
        Path certFile = dir.resolve("cert.pem");
        Path rootFile = dir.resolve("root.pem");
        if (Files.exists(keyFile) && Files.exists(certFile) && Files.exists(rootFile)) {
            return new Issuer(new IssuerKey(algorithm, Pem.privateKey(read(keyFile)), Pem.certificate(read(certFile)),
                    List.of()),
                    List.of(Pem.certificate(read(rootFile))));
        }
        Issuer made = generate(algorithm, config.name());
        DataFiles.writeAtomically(rootFile, Pem.of(made.roots().get(0)).getBytes(StandardCharsets.US_ASCII));
        DataFiles.writeAtomically(certFile, Pem.of(made.key().certificate()).getBytes(StandardCharsets.US_ASCII));
        DataFiles.writeAtomically(keyFile, privateKeyPem(made.key()).getBytes(StandardCharsets.US_ASCII), true);
        log.info("created the certificate issuer '{}' ({}) in {}", config.name(), algorithm, dir.toAbsolutePath());
        return made;
    }

    /** A new issuer root CA and a signing key it certified; the root's key is not kept. */
    static Issuer generate(SignatureAlgorithm algorithm, String name) {
        KeyPair rootKeys = newKeyPair(algorithm);
        KeyPair signingKeys = newKeyPair(algorithm);
        Instant now = Instant.now();
        X500Name rootName = name(name + " issuer root");
        X509Certificate root = certificate(algorithm, rootName, rootKeys, rootName, rootKeys, true, now, ROOT_VALIDITY);
        X509Certificate signing = certificate(algorithm, name(name), signingKeys, rootName, rootKeys, false, now, KEY_VALIDITY);
        return new Issuer(new IssuerKey(algorithm, signingKeys.getPrivate(), signing, List.of()), List.of(root));
    }

    private static KeyPair newKeyPair(SignatureAlgorithm algorithm) {
        try {
            KeyPairGenerator generator = algorithm == SignatureAlgorithm.SM2_SM3 ? KeyPairGenerator.getInstance("EC", Pem.BC)
                    : KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(algorithm == SignatureAlgorithm.SM2_SM3 ? "sm2p256v1" : "secp256r1"),
                    RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Data property rights registry")
                .addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate certificate(SignatureAlgorithm algorithm, X500Name subject, KeyPair subjectKeys,
            X500Name issuer, KeyPair issuerKeys, boolean ca, Instant from, Duration validity) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM),
                    Date.from(from.minus(Duration.ofMinutes(5))), Date.from(from.plus(validity)), subject, subjectKeys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, ca ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)
                    : new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            String signature = algorithm == SignatureAlgorithm.SM2_SM3 ? "SM3withSM2" : "SHA256withECDSA";
            return new JcaX509CertificateConverter().setProvider(Pem.BC)
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signature).setProvider(Pem.BC)
                            .build(issuerKeys.getPrivate())));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make the issuer certificate: " + e.getMessage(), e);
        }
    }

    private static String privateKeyPem(IssuerKey key) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key.privateKey(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
