package org.dataright.evidence.pdf;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.gm.GMObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.verify.Check;
import org.dataright.evidence.verify.CheckName;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.dataright.fabric.msp.CertificateChains;

/**
 * The {@code pdf-signature} check: the PDF carries exactly one signature, PAdES ({@code ETSI.CAdES.detached});
 * its byte range starts at 0, leaves out only the signature value ({@code <hex>}) and ends at the end of the
 * file, so nothing was appended after signing; the detached CMS verifies over those bytes (message digest
 * and signature), has a signing-certificate-v2 attribute naming the signer's certificate, uses the
 * algorithm the certificate states for its issuer, and is signed by exactly the certificate's
 * {@code issuer.certificate} — whose trust the {@code issuer-chain} check establishes.
 */
final class SignatureCheck {
    private SignatureCheck() {
    }

    /** The check, and the signature when it passed (its time-stamp token is checked with the trust bundle). */
    record Result(Check check, PdfCertificate.Signature timestamp) {
    }

    static Result check(BoundedPdf pdf, EvidenceCertificate certificate) {
        try {
            PdfCertificate.Signature[] verified = new PdfCertificate.Signature[1];
            String reason = verify(pdf, certificate, verified);
            return new Result(new Check(CheckName.PDF_SIGNATURE.id(), Check.Status.PASSED, reason), verified[0]);
        } catch (Failure f) {
            return new Result(new Check(CheckName.PDF_SIGNATURE.id(), Check.Status.FAILED, f.getMessage()), null);
        } catch (PdfLimitExceededException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return new Result(new Check(CheckName.PDF_SIGNATURE.id(), Check.Status.FAILED,
                    "the signature cannot be read: " + e.getMessage()), null);
        }
    }

    private static String verify(BoundedPdf pdf, EvidenceCertificate certificate, PdfCertificate.Signature[] verified)
            throws IOException {
        List<PDSignature> signatures = pdf.read(PDDocument::getSignatureDictionaries);
        if (signatures.isEmpty()) {
            throw new Failure("the PDF is not signed, so its page could have been changed without trace; a certificate "
                    + "PDF carries the issuer's PAdES signature (ask the registry for the PDF again)");
        }
        if (signatures.size() > 1) {
            throw new Failure("the PDF carries " + signatures.size() + " signatures; a certificate PDF carries one, the "
                    + "issuer's");
        }
        PDSignature signature = signatures.get(0);
        if (!PDSignature.SUBFILTER_ETSI_CADES_DETACHED.getName().equals(signature.getSubFilter())) {
            throw new Failure("the signature's subfilter is " + signature.getSubFilter() + ", not ETSI.CAdES.detached");
        }
        byte[] file = pdf.bytes;
        int[] range = signature.getByteRange();
        if (range == null || range.length != 4) {
            throw new Failure("the signature has no byte range of four numbers");
        }
        long end = (long) range[2] + range[3];
        if (range[0] != 0 || range[1] <= 0 || range[2] <= range[1] || range[3] < 0) {
            throw new Failure("the signature's byte range " + Arrays.toString(range) + " does not start at 0 and leave "
                    + "out one gap");
        }
        if (end < file.length) {
            throw new Failure("the signature covers bytes up to " + end + " of " + file.length + ": " + (file.length - end)
                    + " bytes were added after signing (an incremental update), which can change what the page shows");
        }
        if (end > file.length) {
            throw new Failure("the signature's byte range ends at " + end + ", past the end of the file (" + file.length
                    + " bytes)");
        }
        byte[] contents = gap(file, range[1], range[2]);
        if (!Arrays.equals(contents, signature.getContents())) {
            throw new Failure("the gap the byte range leaves is not this signature's /Contents");
        }
        byte[] signed = new byte[range[1] + range[3]];
        System.arraycopy(file, 0, signed, 0, range[1]);
        System.arraycopy(file, range[2], signed, range[1], range[3]);

        CMSSignedData cms;
        try {
            cms = new CMSSignedData(new CMSProcessableByteArray(signed), contents);
        } catch (CMSException | RuntimeException e) {
            throw new Failure("the signature value is not a CMS SignedData: " + e.getMessage());
        }
        Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new Failure("the CMS has " + signers.size() + " signers; it must have one");
        }
        SignerInformation signer = signers.iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
        if (matches.isEmpty()) {
            throw new Failure("the CMS does not carry its signer's certificate");
        }
        X509CertificateHolder signerCertificate = matches.iterator().next();
        try {
            if (!signer.verify(new JcaSimpleSignerInfoVerifierBuilder().setProvider(Pem.BC).build(signerCertificate))) {
                throw new Failure("the CMS signature does not verify with its signer's key: the signed bytes or the "
                        + "signature were changed");
            }
        } catch (CMSException e) {
            throw new Failure("the file was changed after signing: " + e.getMessage());
        } catch (OperatorCreationException | java.security.cert.CertificateException e) {
            throw new Failure("the CMS signature cannot be checked: " + e.getMessage());
        }
        attributes(signer, signerCertificate);
        if (certificate == null) {
            throw new Failure("the CMS signature verifies, but the embedded JSON is not a valid certificate, so its "
                    + "signer cannot be compared with the certificate's issuer");
        }
        byte[] issuer;
        try {
            issuer = certificate.content().issuer().certificate().getEncoded();
        } catch (CertificateEncodingException e) {
            throw new Failure("the certificate's issuer certificate cannot be encoded: " + e.getMessage());
        }
        if (!Arrays.equals(issuer, signerCertificate.getEncoded())) {
            throw new Failure("the PDF is signed by '" + signerCertificate.getSubject() + "', not by the certificate's "
                    + "issuer '" + CertificateChains.subject(certificate.content().issuer().certificate()) + "'");
        }
        SignatureAlgorithm algorithm = certificate.content().issuer().algorithm();
        ASN1ObjectIdentifier expected = algorithm == SignatureAlgorithm.SM2_SM3 ? GMObjectIdentifiers.sm2sign_with_sm3
                : X9ObjectIdentifiers.ecdsa_with_SHA256;
        if (!expected.getId().equals(signer.getEncryptionAlgOID())) {
            throw new Failure("the PDF is signed with algorithm " + signer.getEncryptionAlgOID() + ", not with the "
                    + algorithm + " the certificate states for its issuer (" + expected.getId() + ")");
        }
        verified[0] = new PdfCertificate.Signature(signer.getSignature(), signatureTimestampToken(signer));
        return "one PAdES signature (ETSI.CAdES.detached, " + algorithm + ") by '"
                + CertificateChains.subject(certificate.content().issuer().certificate()) + "', the certificate's issuer, "
                + "covers the whole file (" + file.length + " bytes) except its own value; nothing was added after it";
    }

    /** PAdES baseline: signing-certificate-v2 names the signer's certificate; there is no signing-time. */
    private static void attributes(SignerInformation signer, X509CertificateHolder signerCertificate) throws IOException {
        AttributeTable signed = signer.getSignedAttributes();
        if (signed == null) {
            throw new Failure("the CMS signature has no signed attributes");
        }
        if (signed.get(CMSAttributes.signingTime) != null) {
            throw new Failure("the CMS has a signing-time attribute, which PAdES does not allow (the time is /M)");
        }
        Attribute ess = signed.get(PKCSObjectIdentifiers.id_aa_signingCertificateV2);
        if (ess == null || ess.getAttrValues().size() != 1) {
            throw new Failure("the CMS has no signing-certificate-v2 attribute, which PAdES requires");
        }
        ESSCertIDv2[] ids = SigningCertificateV2.getInstance(ess.getAttrValues().getObjectAt(0)).getCerts();
        if (ids.length == 0) {
            throw new Failure("the signing-certificate-v2 attribute names no certificate");
        }
        byte[] hash;
        try {
            DigestCalculator digest = new JcaDigestCalculatorProviderBuilder().setProvider(Pem.BC).build()
                    .get(ids[0].getHashAlgorithm());
            digest.getOutputStream().write(signerCertificate.getEncoded());
            hash = digest.getDigest();
        } catch (OperatorCreationException e) {
            throw new Failure("the signing-certificate-v2 hash algorithm is unknown: " + e.getMessage());
        }
        if (!Arrays.equals(hash, ids[0].getCertHash())) {
            throw new Failure("the signing-certificate-v2 attribute names another certificate than the signer's");
        }
    }

    /** The DER signature time-stamp token of the SignerInfo (PAdES B-T), null when it has none (B-B). */
    private static byte[] signatureTimestampToken(SignerInformation signer) throws IOException {
        AttributeTable unsigned = signer.getUnsignedAttributes();
        if (unsigned == null) {
            return null;
        }
        ASN1EncodableVector tokens = unsigned.getAll(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        if (tokens.size() == 0) {
            return null;
        }
        Attribute attribute = (Attribute) tokens.get(0);
        if (tokens.size() != 1 || attribute.getAttrValues().size() != 1) {
            throw new Failure("the CMS signature has more than one signature time-stamp token; PAdES B-T has one");
        }
        return attribute.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded("DER");
    }

    /** The signature value the byte range leaves out: {@code <}, hexadecimal digits, {@code >}. */
    private static byte[] gap(byte[] file, int from, int to) {
        if (file[from] != '<' || file[to - 1] != '>') {
            throw new Failure("the gap the byte range leaves is not one hexadecimal string");
        }
        String hex = new String(file, from + 1, to - from - 2, java.nio.charset.StandardCharsets.US_ASCII);
        if (hex.length() % 2 != 0 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new Failure("the gap the byte range leaves holds more than the signature value");
        }
        return HexFormat.of().parseHex(hex);
    }

    /** A failed check, with its reason. */
    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Failure(String reason) {
            super(reason, null, false, false);
        }
    }
}
