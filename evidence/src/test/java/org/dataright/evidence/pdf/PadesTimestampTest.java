package org.dataright.evidence.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.trust.TrustBundle;
import org.dataright.evidence.verify.CheckName;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.evidence.verify.Verifier;
import org.dataright.fabric.crypto.Pem;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.dataright.testsupport.OpensslTsa;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PAdES B-T: the certificate PDF's signature carries a signature time-stamp token from a real {@code openssl ts}
 * TSA ({@link OpensslTsa}); the verifier checks it against the trust bundle's TSA roots and reports the time it
 * proves, poppler still validates the signature, and a token moved in from another PDF fails.
 */
class PadesTimestampTest {
    @TempDir
    static Path dir;
    private static OpensslTsa tsa;
    private static Registration reg;
    private static TrustBundle bundle;
    private static byte[] stamped;

    @BeforeAll
    static void render() throws IOException {
        System.setProperty("java.awt.headless", "true");
        tsa = OpensslTsa.start(dir.resolve("tsa"));
        reg = Registration.create();
        TrustBundle net = reg.network().bundle();
        bundle = net.withIssuers(net.issuers(), List.of(Pem.certificate(Files.readAllBytes(tsa.rootCertificate()))));
        stamped = render(PadesTimestampTest::stamp);
        Files.createDirectories(CertificatePdfTest.OUT);
        Files.write(CertificatePdfTest.OUT.resolve("registration-ecdsa-b-t.pdf"), stamped);
    }

    @AfterAll
    static void stopTsa() {
        tsa.close();
    }

    private static byte[] render(SignatureTimestamper timestamper) {
        return CertificatePdf.render(reg.certificate(), CertificatePdfTest.BASE_URL,
                reg.network().issuerKey(SignatureAlgorithm.ECDSA_P256_SHA256), timestamper);
    }

    private static VerificationResult verify(byte[] pdf) {
        return CertificatePdf.read(pdf).verify(Verifier.forBundle(bundle), reg.digests());
    }

    @Test
    void aTimeStampedPdfVerifiesAndReportsTheTimeItProves() throws Exception {
        VerificationResult result = verify(stamped);

        TimeStampToken token = new TimeStampToken(new CMSSignedData(tokenOf(stamped)));
        assertThat(result.failures()).isEmpty();
        assertThat(CertificatePdfTest.status(result, CheckName.PDF_SIGNATURE_TIMESTAMP)).isEqualTo("PASSED: the PDF "
                + "signature (PAdES B-T) existed at " + token.getTimeStampInfo().getGenTime().toInstant()
                + ", time-stamped by 'CN=Test Time-Stamp Authority,O=Test'");
        assertThat(CertificatePdfTest.status(result, CheckName.PDF_SIGNATURE)).startsWith("PASSED");
        assertThat(tsa.requests()).isPositive();
    }

    @Test
    void aPdfWithoutTokenVerifiesAsBaselineBAndSaysItsTimeIsNotStamped() {
        VerificationResult result = verify(render(null));

        assertThat(result.failures()).isEmpty();
        assertThat(CertificatePdfTest.status(result, CheckName.PDF_SIGNATURE_TIMESTAMP)).isEqualTo("SKIPPED: the PDF "
                + "signature's time is not time-stamped (PAdES B-B): the signing time in the PDF is as the issuer claims it");
    }

    @Test
    void aTimestamperThatGivesNoTokenLeavesThePdfBaselineB() throws Exception {
        byte[] pdf = render(sha256 -> null);

        assertThat(tokenOf(pdf)).isNull();
        assertThat(verify(pdf).failures()).isEmpty();
    }

    @Test
    void aTokenMovedInFromAnotherPdfFails() throws Exception {
        byte[] other = render(PadesTimestampTest::stamp);
        byte[] moved = withToken(stamped, tokenOf(other));

        VerificationResult result = verify(moved);

        assertThat(CertificatePdfTest.status(result, CheckName.PDF_SIGNATURE)).startsWith("PASSED");
        assertThat(CertificatePdfTest.status(result, CheckName.PDF_SIGNATURE_TIMESTAMP)).startsWith("FAILED: the token "
                + "stamps ").contains(", not SHA-256 of the PDF signature's value ");
        assertThat(result.passed()).isFalse();
    }

    @Test
    void twoTokensInOneSignerInfoFailTheSignatureCheck() throws Exception {
        byte[] token = tokenOf(stamped);
        VerificationResult result = verify(withTokens(stamped, token, token));

        assertThat(CertificatePdfTest.status(result, CheckName.PDF_SIGNATURE)).isEqualTo("FAILED: the CMS signature "
                + "has more than one signature time-stamp token; PAdES B-T has one");
        assertThat(CertificatePdfTest.status(result, CheckName.PDF_SIGNATURE_TIMESTAMP)).startsWith("SKIPPED: the PDF "
                + "signature did not verify");
    }

    @Test
    void aTokenOfAnUntrustedAuthorityFails() {
        VerificationResult result = CertificatePdf.read(stamped).verify(Verifier.forBundle(reg.network().bundle()),
                reg.digests());

        assertThat(CertificatePdfTest.status(result, CheckName.PDF_SIGNATURE_TIMESTAMP))
                .startsWith("FAILED: the time-stamp authority is not trusted: ");
    }

    @Test
    void popplerStillValidatesTheTimeStampedSignature() throws Exception {
        TamperedPdfTest.assumeTool("pdfsig");
        Path path = Files.write(dir.resolve("b-t.pdf"), stamped);

        String out = TamperedPdfTest.run("pdfsig", path.toString());

        System.out.println("pdfsig on a PAdES B-T certificate PDF:\n" + out);
        assertThat(out).contains("Signature Type: ETSI.CAdES.detached", "Total document signed",
                "Signature Validation: Signature is Valid.");
    }

    /** The real TSA's token over {@code sha256}, as the service asks for it. */
    private static byte[] stamp(byte[] sha256) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest query = generator.generate(TSPAlgorithms.SHA256, sha256, BigInteger.valueOf(System.nanoTime()));
        try {
            HttpResponse<byte[]> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(tsa.url())
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(query.getEncoded())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            TimeStampResponse response = new TimeStampResponse(reply.body());
            response.validate(query);
            return response.getTimeStampToken().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("the test TSA gave no token: " + e.getMessage(), e);
        }
    }

    private static SignerInformation signer(CMSSignedData cms) {
        return cms.getSignerInfos().getSigners().iterator().next();
    }

    private static CMSSignedData cms(byte[] pdf) throws IOException {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new CMSSignedData(doc.getSignatureDictionaries().get(0).getContents());
        } catch (org.bouncycastle.cms.CMSException e) {
            throw new IOException(e);
        }
    }

    /** The DER signature time-stamp token of the PDF's SignerInfo, null for none. */
    private static byte[] tokenOf(byte[] pdf) throws IOException {
        var unsigned = signer(cms(pdf)).getUnsignedAttributes();
        var attribute = unsigned == null ? null : unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        return attribute == null ? null : attribute.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded("DER");
    }

    /** {@code pdf} with its SignerInfo's token replaced by {@code token}, written into the same /Contents gap. */
    private static byte[] withToken(byte[] pdf, byte[] token) throws Exception {
        return withTokens(pdf, token);
    }

    /** {@code pdf} with its SignerInfo's tokens replaced by {@code tokens}, one attribute each. */
    private static byte[] withTokens(byte[] pdf, byte[]... tokens) throws Exception {
        CMSSignedData cms = cms(pdf);
        var attributes = new org.bouncycastle.asn1.ASN1EncodableVector();
        for (byte[] token : tokens) {
            attributes.add(new org.bouncycastle.asn1.cms.Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                    new org.bouncycastle.asn1.DERSet(org.bouncycastle.asn1.ASN1Primitive.fromByteArray(token))));
        }
        SignerInformation replaced = SignerInformation.replaceUnsignedAttributes(signer(cms),
                new org.bouncycastle.asn1.cms.AttributeTable(attributes));
        byte[] encoded = CMSSignedData.replaceSigners(cms, new org.bouncycastle.cms.SignerInformationStore(replaced))
                .getEncoded("DER");
        int[] range;
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDSignature signature = doc.getSignatureDictionaries().get(0);
            range = signature.getByteRange();
        }
        int width = range[2] - range[1] - 2;
        String hex = HexFormat.of().withUpperCase().formatHex(encoded);
        assertThat(hex.length()).isLessThanOrEqualTo(width);
        byte[] out = pdf.clone();
        byte[] padded = (hex + "0".repeat(width - hex.length())).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(padded, 0, out, range[1] + 1, width);
        return out;
    }
}
