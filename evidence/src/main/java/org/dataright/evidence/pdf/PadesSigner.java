package org.dataright.evidence.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.dataright.evidence.crypto.IssuerKey;
import org.dataright.fabric.block.BlockHashes;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.crypto.SignatureAlgorithm;

/**
 * Signs a rendered certificate PDF with the issuer's key as PAdES baseline B (ETSI EN 319 142-1, level
 * B-B): one approval signature in an incremental update, subfilter {@code ETSI.CAdES.detached}, a
 * detached CMS {@code SignedData} over the byte range (the whole file except the signature value) with
 * the signed attributes content-type, message-digest and signing-certificate-v2 (no signing-time: PAdES
 * puts the claimed time in the signature dictionary's {@code /M}), and the issuer's certificate and its
 * intermediates.
 *
 * <p>ECDSA P-256 issuers sign with SHA-256 ({@code ecdsa-with-SHA256}), which every PAdES reader checks.
 * SM2 issuers sign with SM3 and SM2 under the GM/T 0006 identifiers (digest {@code 1.2.156.10197.1.401},
 * signature {@code 1.2.156.10197.1.501}, signer id {@code 1234567812345678}) in a standard CMS structure,
 * which this module's verifier checks but most PDF readers do not understand.
 *
 * <p>With a {@link SignatureTimestamper} that returns a token, the signature is PAdES B-T: the SignerInfo
 * carries the RFC 3161 token over SHA-256 of its signature value as the unsigned attribute
 * id-aa-signatureTimeStampToken ({@code 1.2.840.113549.1.9.16.2.14}, RFC 3161 appendix A). The token in the
 * certificate JSON stamps the JSON's issuer signature, not this CMS signature, so it cannot serve here.
 */
final class PadesSigner {
    private static final int SIGNATURE_RESERVE = 4096;
    /** Room for a signature time-stamp token: a signed TSTInfo and the TSA's certificates. */
    private static final int TIMESTAMP_RESERVE = 16384;

    private PadesSigner() {
    }

    /**
     * The signed PDF; {@code timestamper}, when not null, is asked for the signature time-stamp token (B-T), and
     * when it returns none the PDF is B-B.
     */
    static byte[] sign(byte[] unsigned, IssuerKey issuer, String signerName, Instant signingTime,
            SignatureTimestamper timestamper) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(issuer.certificate());
        chain.addAll(issuer.intermediates());
        try (PDDocument doc = Loader.loadPDF(unsigned);
                SignatureOptions options = new SignatureOptions();
                ByteArrayOutputStream out = new ByteArrayOutputStream(unsigned.length + 16384)) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName(signerName);
            signature.setReason("签发数据产权登记/存证证书 Issuing the evidence certificate");
            Calendar time = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            time.setTimeInMillis(signingTime.toEpochMilli());
            signature.setSignDate(time);
            int reserve = SIGNATURE_RESERVE + (timestamper == null ? 0 : TIMESTAMP_RESERVE);
            for (X509Certificate c : chain) {
                reserve += c.getEncoded().length;
            }
            options.setPreferredSignatureSize(reserve);
            doc.addSignature(signature, content -> cms(content.readAllBytes(), issuer, chain, timestamper), options);
            doc.saveIncremental(out);
            return out.toByteArray();
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException("signing the certificate PDF failed: " + e.getMessage(), e);
        }
    }

    /** The detached CMS SignedData over {@code content}, with a signature time-stamp token when one is given. */
    static byte[] cms(byte[] content, IssuerKey issuer, List<X509Certificate> chain, SignatureTimestamper timestamper)
            throws IOException {
        try {
            boolean sm2 = issuer.algorithm() == SignatureAlgorithm.SM2_SM3;
            var signer = new JcaContentSignerBuilder(sm2 ? "SM3withSM2" : "SHA256withECDSA").setProvider(Pem.BC)
                    .build(issuer.privateKey());
            var digests = new JcaDigestCalculatorProviderBuilder().setProvider(Pem.BC).build();
            AttributeTable essAttribute = new AttributeTable(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                    new DERSet(signingCertificateV2(issuer.certificate()))));
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(digests)
                    .setSignedAttributeGenerator(new WithoutSigningTime(essAttribute))
                    .build(signer, issuer.certificate()));
            generator.addCertificates(new JcaCertStore(chain));
            CMSSignedData signed = generator.generate(new CMSProcessableByteArray(content), false);
            return (timestamper == null ? signed : withSignatureTimestamp(signed, timestamper)).getEncoded("DER");
        } catch (OperatorCreationException | CMSException | CertificateEncodingException e) {
            throw new IOException("the CMS signature cannot be made: " + e.getMessage(), e);
        }
    }

    /** {@code signed} with its one SignerInfo carrying the token over its signature value, or as it is without one. */
    private static CMSSignedData withSignatureTimestamp(CMSSignedData signed, SignatureTimestamper timestamper)
            throws IOException {
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        byte[] token = timestamper.stamp(BlockHashes.sha256(signer.getSignature()));
        if (token == null) {
            return signed;
        }
        Attribute attribute = new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                new DERSet(ASN1Primitive.fromByteArray(token)));
        SignerInformation stamped = SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(attribute));
        return CMSSignedData.replaceSigners(signed, new SignerInformationStore(stamped));
    }

    /** ESS signing-certificate-v2 (RFC 5035): SHA-256 of the signer's certificate, with its issuer and serial. */
    static SigningCertificateV2 signingCertificateV2(X509Certificate certificate) throws CertificateEncodingException {
        IssuerSerial issuerSerial = new IssuerSerial(new GeneralNames(new GeneralName(
                X500Name.getInstance(certificate.getIssuerX500Principal().getEncoded()))),
                certificate.getSerialNumber());
        return new SigningCertificateV2(new ESSCertIDv2[] {new ESSCertIDv2(
                new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256), BlockHashes.sha256(certificate.getEncoded()),
                issuerSerial)});
    }

    /** Bouncy Castle's standard signed attributes, less signing-time (which PAdES forbids). */
    private static final class WithoutSigningTime extends DefaultSignedAttributeTableGenerator {
        WithoutSigningTime(AttributeTable base) {
            super(base);
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        protected Hashtable createStandardAttributeTable(Map parameters) {
            Hashtable table = super.createStandardAttributeTable(parameters);
            table.remove(CMSAttributes.signingTime);
            return table;
        }
    }
}
