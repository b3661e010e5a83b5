package org.dataright.fabric.msp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.common.MSPRole.MSPRoleType;

/**
 * An organisation's certificate authority, issuing certificates the way Fabric CA does for an MSP
 * with NodeOUs: ECDSA P-256 keys, the node role as the subject's OU, and Fabric CA attributes in
 * extension {@value #ATTRIBUTES_OID} as JSON {@code {"attrs":{"role":"court"}}} (read by the
 * chaincode shim's {@code ClientIdentity}).
 *
 * <p>{@link #create(String)} makes a new self-signed root; {@link #load} wraps an existing key and
 * certificate; {@link #createIntermediate} makes a CA signed by this one.
 */
public final class CertificateAuthority {
    /** Fabric CA's attribute extension. */
    public static final String ATTRIBUTES_OID = "1.2.3.4.5.6.7.8.1";
    /** Default lifetime of an issued certificate. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /** Certificates start a little in the past so that a peer whose clock lags still accepts them. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrivateKey privateKey;
    private final X509Certificate certificate;
    private final Clock clock;

    private CertificateAuthority(PrivateKey privateKey, X509Certificate certificate, Clock clock) {
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("certificate " + certificate.getSubjectX500Principal() + " is not a CA certificate");
        }
        this.privateKey = privateKey;
        this.certificate = certificate;
        this.clock = clock;
    }

    /** A new root CA with a fresh P-256 key and a self-signed certificate valid for ten years. */
    public static CertificateAuthority create(String commonName) {
        return create(commonName, Clock.systemUTC());
    }

    public static CertificateAuthority create(String commonName, Clock clock) {
        KeyPair keys = newKeyPair();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        X509Certificate cert = build(name, keys.getPublic(), name, keys.getPrivate(), null, true,
                clock.instant(), CA_VALIDITY, null);
        return new CertificateAuthority(keys.getPrivate(), cert, clock);
    }

    /** A CA from an existing key and CA certificate. */
    public static CertificateAuthority load(PrivateKey privateKey, X509Certificate certificate) {
        return new CertificateAuthority(privateKey, certificate, Clock.systemUTC());
    }

    /** An intermediate CA whose certificate this CA signs. */
    public CertificateAuthority createIntermediate(String commonName) {
        KeyPair keys = newKeyPair();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        X509Certificate cert = build(name, keys.getPublic(), issuerName(), privateKey, certificate, true,
                clock.instant(), CA_VALIDITY, null);
        return new CertificateAuthority(keys.getPrivate(), cert, clock);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    /** Issues a certificate for {@code publicKey}, valid for {@link #DEFAULT_VALIDITY}. */
    public X509Certificate issue(PublicKey publicKey, String commonName, MSPRoleType role, Map<String, String> attributes) {
        return issue(publicKey, commonName, role, attributes, clock.instant(), DEFAULT_VALIDITY);
    }

    /**
     * Issues a certificate for {@code publicKey} with subject {@code CN=commonName, OU=role} and, when
     * {@code attributes} is not empty, the Fabric CA attribute extension.
     */
    public X509Certificate issue(PublicKey publicKey, String commonName, MSPRoleType role, Map<String, String> attributes,
            Instant notBefore, Duration validity) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName)
                .addRDN(BCStyle.OU, NodeOus.ouOf(role))
                .build();
        byte[] attrs = attributes == null || attributes.isEmpty() ? null : attributesJson(attributes);
        return build(subject, publicKey, issuerName(), privateKey, certificate, false, notBefore, validity, attrs);
    }

    /**
     * Issues a certificate with a subject given whole, e.g. as Fabric CA writes one: the role and the
     * affiliation as one multi-valued RDN {@code OU=peer+OU=nodes+OU=registry}.
     */
    public X509Certificate issue(PublicKey publicKey, X500Name subject, Map<String, String> attributes) {
        byte[] attrs = attributes == null || attributes.isEmpty() ? null : attributesJson(attributes);
        return build(subject, publicKey, issuerName(), privateKey, certificate, false, clock.instant(), DEFAULT_VALIDITY, attrs);
    }

    /** A new key pair and a certificate for it: an identity ready to sign. */
    public SigningIdentity enroll(String mspId, String commonName, MSPRoleType role, Map<String, String> attributes) {
        KeyPair keys = newKeyPair();
        X509Certificate cert = issue(keys.getPublic(), commonName, role, attributes);
        return new SigningIdentity(new FabricIdentity(mspId, cert), keys.getPrivate());
    }

    /** A new ECDSA P-256 key pair. */
    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime cannot make P-256 keys: " + e.getMessage(), e);
        }
    }

    private X500Name issuerName() {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    private static byte[] attributesJson(Map<String, String> attributes) {
        try {
            // Sorted so that the same attributes always give the same bytes.
            return JSON.writeValueAsBytes(Map.of("attrs", new TreeMap<>(attributes)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("attributes cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static X509Certificate build(X500Name subject, PublicKey subjectKey, X500Name issuer, PrivateKey issuerKey,
            X509Certificate issuerCert, boolean ca, Instant notBefore, Duration validity, byte[] attributes) {
        try {
            Instant start = notBefore.minus(BACKDATE).truncatedTo(ChronoUnit.SECONDS);
            Instant end = notBefore.plus(validity).truncatedTo(ChronoUnit.SECONDS);
            BigInteger serial = new BigInteger(127, RANDOM).add(BigInteger.ONE);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer, serial, Date.from(start), Date.from(end), subject, subjectKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            builder.addExtension(Extension.keyUsage, true, ca
                    ? new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature)
                    : new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            if (issuerCert != null) {
                builder.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerCert));
            }
            if (attributes != null) {
                // Fabric CA stores the raw JSON as the extension value.
                builder.addExtension(new ASN1ObjectIdentifier(ATTRIBUTES_OID), false, attributes);
            }
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject + ": " + e.getMessage(), e);
        }
    }

    /** The attribute JSON of a certificate, as UTF-8 text, or null when it has none. */
    public static String attributesOf(X509Certificate certificate) {
        byte[] ext = certificate.getExtensionValue(ATTRIBUTES_OID);
        if (ext == null) {
            return null;
        }
        byte[] raw = org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets();
        return new String(raw, StandardCharsets.UTF_8);
    }
}
