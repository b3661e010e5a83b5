package org.dataright.chaincode;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * A caller as Fabric presents it to chaincode: {@code msp.SerializedIdentity{mspid, id_bytes = PEM}} of a
 * real X.509 certificate issued by a test CA, carrying the Fabric CA attribute extension
 * (OID 1.2.3.4.5.6.7.8.1, {@code {"attrs":{"role":"…"}}}). Certificates are made once per JVM and
 * cached, so the same identity has the same bytes in every execution.
 */
final class Identity {
    static final String ATTRIBUTE_OID = "1.2.3.4.5.6.7.8.1";
    // Declared before the identities below: static initialisers run in textual order.
    private static final Map<String, Identity> CACHE = new ConcurrentHashMap<>();
    private static final Instant NOT_BEFORE = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2035-01-01T00:00:00Z");
    private static KeyPair caKey;
    private static KeyPair subjectKey;
    private static long serial;

    static final Identity ALICE = enterprise("Org1MSP", "alice");
    static final Identity BOB = enterprise("Org2MSP", "bob");
    static final Identity CAROL = enterprise("Org3MSP", "carol");
    static final Identity DAVE = enterprise("Org3MSP", "dave");
    /** Same subject as ALICE, other organisation: a different party. */
    static final Identity ALICE_OF_ORG2 = enterprise("Org2MSP", "alice");
    /** An enterprise the directory does not hold until a test enters it. */
    static final Identity CAROL_OF_ORG1 = enterprise("Org1MSP", "carol");
    static final Identity BANK = of("BankMSP", "lender", "bank");
    static final Identity OTHER_BANK = of("BankMSP", "other-lender", "bank");
    static final Identity COURT = of("CourtMSP", "judge", "court");
    static final Identity REGISTRAR = of("RegistryMSP", "registrar", "registrar");
    static final Identity NOTARY = of("NotaryMSP", "notary", "notary");
    static final Identity EXCHANGE = of("ExchangeMSP", "exchange", "exchange");
    static final Identity REGULATOR = of("RegulatorMSP", "regulator", "regulator");
    /** A certificate without the attribute extension. */
    static final Identity NOBODY = of("Org1MSP", "nobody", null);
    /** A certificate whose role attribute is not one of the registry's roles. */
    static final Identity AUDITOR = withAttributes("Org1MSP", "auditor", "{\"attrs\":{\"role\":\"auditor\"}}");

    final String mspId;
    final String commonName;
    final String role;
    final X509Certificate certificate;
    final String pem;
    final byte[] creator;

    private Identity(String mspId, String commonName, String role, X509Certificate certificate, String pem) {
        this.mspId = mspId;
        this.commonName = commonName;
        this.role = role;
        this.certificate = certificate;
        this.pem = pem;
        this.creator = SerializedIdentity.newBuilder().setMspid(mspId)
                .setIdBytes(ByteString.copyFrom(pem, StandardCharsets.UTF_8)).build().toByteArray();
    }

    static Identity enterprise(String mspId, String commonName) {
        return of(mspId, commonName, "enterprise");
    }

    /** An identity with the given role attribute (null: no attribute extension at all). */
    static Identity of(String mspId, String commonName, String role) {
        String attrs = role == null ? null : "{\"attrs\":{\"role\":\"" + role + "\"}}";
        return CACHE.computeIfAbsent(mspId + "|" + commonName + "|" + attrs,
                k -> issue(mspId, commonName, role, attrs));
    }

    static Identity withAttributes(String mspId, String commonName, String attrsJson) {
        return CACHE.computeIfAbsent(mspId + "|" + commonName + "|" + attrsJson,
                k -> issue(mspId, commonName, null, attrsJson));
    }

    /** The party id the contract records: {@code <MSP id>::<subject, RFC 2253>}. */
    String party() {
        return mspId + "::" + certificate.getSubjectX500Principal().getName();
    }

    @Override
    public String toString() {
        return party() + " (" + (role == null ? "no role" : role) + ")";
    }

    /**
     * The same subject and role with a key of its own, by the same CA: a renewed certificate, or one that the
     * holder of the CA key mints for an existing participant. Not cached: each call is a new key.
     */
    Identity withNewKey() {
        String attrs = role == null ? null : "{\"attrs\":{\"role\":\"" + role + "\"}}";
        try {
            return issue(mspId, commonName, role, attrs, newKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** This identity's renewed certificate: one new key per identity and JVM, so an act yields the same bytes twice. */
    Identity renewed() {
        return CACHE.computeIfAbsent(mspId + "|" + commonName + "|" + role + "|renewed", k -> withNewKey());
    }

    /** Hex SHA-256 of the certificate's SubjectPublicKeyInfo, as the directory pins it. */
    String fingerprint() {
        return Keys.fingerprint(certificate);
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static synchronized Identity issue(String mspId, String commonName, String role, String attrsJson) {
        try {
            if (subjectKey == null) {
                subjectKey = newKeyPair();
            }
            return issue(mspId, commonName, role, attrsJson, subjectKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a test key", e);
        }
    }

    private static synchronized Identity issue(String mspId, String commonName, String role, String attrsJson,
            KeyPair key) {
        try {
            if (caKey == null) {
                caKey = newKeyPair();
            }
            String org = mspId.replace("MSP", "");
            X500Name issuer = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, org)
                    .addRDN(BCStyle.CN, "ca." + org.toLowerCase(java.util.Locale.ROOT)).build();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, org)
                    .addRDN(BCStyle.OU, "client").addRDN(BCStyle.CN, commonName).build();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(++serial),
                    Date.from(NOT_BEFORE), Date.from(NOT_AFTER), subject, key.getPublic());
            if (attrsJson != null) {
                // Fabric CA writes the JSON itself as the extension value (no inner DER wrapping).
                builder.addExtension(new ASN1ObjectIdentifier(ATTRIBUTE_OID), false,
                        attrsJson.getBytes(StandardCharsets.UTF_8));
            }
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
            StringWriter pem = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                writer.writeObject(certificate);
            }
            return new Identity(mspId, commonName, role, certificate, pem.toString());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot issue a test certificate for " + commonName, e);
        }
    }
}
