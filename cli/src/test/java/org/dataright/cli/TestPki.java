package org.dataright.cli;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.dataright.cli.identity.KeyMaterial;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.fabric.msp.ChannelMembership;
import org.dataright.fabric.msp.Organization;
import org.dataright.fabric.policy.EndorsementPolicy;

/** A test CA that writes the role attribute as Fabric CA does (extension 1.2.3.4.5.6.7.8.1). */
public final class TestPki {
    private final KeyPair caKeys = KeyMaterial.newKeyPair();
    private final X509Certificate caCertificate;
    private long serial = 2;

    public TestPki() {
        caCertificate = issue(caKeys.getPublic(), new X500Principal("CN=Test CA"), null);
    }

    /** A trust bundle in which this CA roots the registry's MSP, its orderers and the certificate issuer. */
    public String trustBundleJson() {
        return new TrustBundle("registry", "rights",
                new ChannelMembership(List.of(Organization.of("RegistryMSP", caCertificate)), Set.of("RegistryMSP")),
                EndorsementPolicy.parse("OR('RegistryMSP.peer')"),
                List.of(caCertificate), List.of()).toJson();
    }

    public X509Certificate ca() {
        return caCertificate;
    }

    public X509Certificate issue(PublicKey key, String subject, String role) {
        return issue(key, new X500Principal(subject), role);
    }

    private X509Certificate issue(PublicKey key, X500Principal subject, String role) {
        try {
            X500Principal issuer = caCertificate == null ? subject : caCertificate.getSubjectX500Principal();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial++),
                    Date.from(Cli.NOW.minus(Duration.ofDays(1))), Date.from(Cli.NOW.plus(Duration.ofDays(3650))), subject, key);
            if (caCertificate == null) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            }
            if (role != null) {
                builder.addExtension(new ASN1ObjectIdentifier("1.2.3.4.5.6.7.8.1"), false,
                        ("{\"attrs\":{\"role\":\"" + role + "\"}}").getBytes(StandardCharsets.UTF_8));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
