package org.dataright.evidence.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.crypto.IssuerKey;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.fixture.TestNetwork;
import org.dataright.evidence.fixture.TestPki;
import org.dataright.evidence.fixture.Timestamps;
import org.dataright.evidence.verify.Check;
import org.dataright.evidence.verify.CheckName;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.evidence.verify.Verifier;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The certificate PDF of a registration (the fixture's asset "上海市交通流量数据 2026" of "Acme Data Ltd
 * 数据公司"), signed by an ECDSA P-256 issuer and by an SM2 issuer: what the page says, that the PDF alone
 * verifies, and that edits to it are caught. The PDFs are written to {@code target/certificate-pdf/} to be
 * looked at.
 */
class CertificatePdfTest {
    static final String BASE_URL = "https://registry.example.cn/";
    static final Path OUT = Path.of("target", "certificate-pdf");
    private static Registration reg;
    private static byte[] pdf;

    @BeforeAll
    static void render() throws IOException {
        System.setProperty("java.awt.headless", "true");
        reg = Registration.create();
        pdf = CertificatePdf.render(reg.certificate(), BASE_URL, reg.network().issuerKey(SignatureAlgorithm.ECDSA_P256_SHA256));
        Files.createDirectories(OUT);
        Files.write(OUT.resolve("registration-ecdsa.pdf"), pdf);
    }

    static VerificationResult verify(Registration r, byte[] file) {
        return CertificatePdf.read(file).verify(Verifier.forBundle(r.network().bundle()), r.digests());
    }

    static String status(VerificationResult result, CheckName name) {
        return result.check(name).map(c -> c.status() + ": " + c.reason()).orElse("absent");
    }

    @Nested
    class ThePage {
        @Test
        void saysInChineseAndEnglishWhatIsCertified() throws Exception {
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                String text = new PDFTextStripper().getText(doc);

                assertThat(doc.getNumberOfPages()).isEqualTo(1);
                assertThat(doc.getPage(0).getMediaBox().getWidth()).isEqualTo(595.27563f);
                assertThat(text).contains("数据产权登记/存证证书", "Data Property Rights Registration / Evidence Certificate",
                        "上海市交通流量数据 2026", Registration.ASSET_ID, "Acme Data Ltd 数据公司（Org1MSP）",
                        "数据资源持有权 data resource holding（" + Registration.RIGHT_ID + "）",
                        "数据资产登记 registration of a data asset（REGISTER_ASSET）",
                        "已生效 in effect（EFFECTIVE）",
                        "2026-11-23 18:00:00 北京时间（2026-11-23T10:00:00.123456789Z）",
                        reg.certificate().content().proof().transactionId(), reg.digests().sha256(), reg.digests().sm3(),
                        reg.digests().manifestRoot(), "第 1 号区块，第 1 笔交易", "VALID（有效 valid）", "registry / rights",
                        "兹证明：Acme Data Ltd 数据公司（Org1MSP）就数据资产“上海市交通流量数据 2026”",
                        "This certifies that Acme Data Ltd 数据公司 (Org1MSP) submitted the registration of a data asset",
                        "PAdES", "dpr verify");
                assertThat(text.replace("/verify?cert=", "")).as("nothing replaced by '?'").doesNotContain("?");
            }
        }

        @Test
        void embedsOneSubsetOfTheNotoFontAndStaysSmall() throws Exception {
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                PDPage page = doc.getPage(0);
                List<PDFont> fonts = new java.util.ArrayList<>();
                for (COSName name : page.getResources().getFontNames()) {
                    fonts.add(page.getResources().getFont(name));
                }
                assertThat(fonts).hasSize(1);
                PDType0Font font = (PDType0Font) fonts.get(0);
                assertThat(font.getName()).matches("[A-Z]{6}\\+NotoSansSC-Regular");
                assertThat(font.isEmbedded()).isTrue();
            }
            assertThat(pdf.length).as("bytes").isLessThan(160_000);
        }

        @Test
        void hasAQrCodeThatOpensTheVerificationPage() throws Exception {
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                BufferedImage image = new PDFRenderer(doc).renderImageWithDPI(0, 150);
                int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
                var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(),
                        pixels)));

                assertThat(new QRCodeReader().decode(bitmap, java.util.Map.of(com.google.zxing.DecodeHintType.TRY_HARDER,
                        Boolean.TRUE)).getText())
                        .isEqualTo("https://registry.example.cn/verify?cert=" + reg.certificate().id());
            }
        }

        @Test
        void showsThePendingStatusOfARegistrationUnderReviewAsNotYetInEffect() {
            CertificatePage page = CertificatePage.of(pendingCertificate());
            assertThat(page.sections.get(0).rows()).anySatisfy(row -> assertThat(row.value())
                    .isEqualTo("待审核，尚未生效 pending review, not yet in effect（PENDING）"));
            assertThat(page.statementZh).contains("本次行为后，该记录的状态为“待审核，尚未生效”。");
        }

        private EvidenceCertificate pendingCertificate() {
            // The real chaincode writes a new asset as PENDING, under "registrant".
            var c = reg.certificate().content();
            String value = c.record().value().replace("\"status\":\"EFFECTIVE\"", "\"status\":\"PENDING\"");
            var content = new org.dataright.evidence.certificate.CertificateContent(c.version(), c.id(), c.act(), c.assetId(),
                    c.rightId(), c.parties(), c.digests(), new org.dataright.evidence.certificate.LedgerRecord(c.record().key(),
                            value), c.transactionTime(), c.issuedAt(), c.proof(), c.issuer());
            return new EvidenceCertificate(content, new byte[] {1}, null);
        }
    }

    @Nested
    class TheSignature {
        @Test
        void thePdfAloneVerifiesWithItsSignatureAndPage() {
            assertThat(CertificatePdf.readJson(pdf)).isEqualTo(reg.certificate().toJson());
            VerificationResult result = verify(reg, pdf);

            assertThat(result.failures()).isEmpty();
            assertThat(result.passed()).isTrue();
            assertThat(result.checks()).extracting(Check::name).endsWith("timestamp-token", "trusted-time", "pdf-signature", "pdf-text",
                    "pdf-signature-timestamp");
            assertThat(status(result, CheckName.PDF_SIGNATURE)).isEqualTo("PASSED: one PAdES signature "
                    + "(ETSI.CAdES.detached, ECDSA_P256_SHA256) by 'CN=registry certificate issuer,O=dataright,C=CN', the "
                    + "certificate's issuer, covers the whole file (" + pdf.length + " bytes) except its own value; nothing "
                    + "was added after it");
            assertThat(status(result, CheckName.PDF_TEXT)).startsWith("PASSED");
        }

        @Test
        void isPadesBaselineB() throws Exception {
            try (PDDocument doc = Loader.loadPDF(pdf)) {
                PDSignature signature = doc.getLastSignatureDictionary();
                assertThat(signature.getFilter()).isEqualTo("Adobe.PPKLite");
                assertThat(signature.getSubFilter()).isEqualTo("ETSI.CAdES.detached");
                assertThat(signature.getSignDate()).isNotNull();
                int[] range = signature.getByteRange();
                assertThat(range[0]).isZero();
                assertThat((long) range[2] + range[3]).isEqualTo(pdf.length);

                CMSSignedData cms = new CMSSignedData(signature.getContents());
                SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
                assertThat(cms.isDetachedSignature()).isTrue();
                assertThat(signer.getDigestAlgOID()).isEqualTo("2.16.840.1.101.3.4.2.1");
                assertThat(signer.getEncryptionAlgOID()).isEqualTo("1.2.840.10045.4.3.2");
                List<String> attributes = java.util.Arrays.stream(signer.getSignedAttributes().toASN1Structure().getAttributes())
                        .map(a -> a.getAttrType().getId()).toList();
                assertThat(attributes).contains("1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4", "1.2.840.113549.1.9.16.2.47")
                        .doesNotContain("1.2.840.113549.1.9.5");
                assertThat(cms.getCertificates().getMatches(null)).hasSize(1);
            }
        }

        @Test
        void anSm2IssuerSignsWithSm2AndTheVerifierChecksIt() throws Exception {
            TestNetwork net = new TestNetwork();
            Registration sm2 = Registration.create(net, SignatureAlgorithm.SM2_SM3);
            byte[] sm2Pdf = CertificatePdf.render(sm2.certificate(), BASE_URL, net.issuerKey(SignatureAlgorithm.SM2_SM3));
            Files.write(OUT.resolve("registration-sm2.pdf"), sm2Pdf);

            VerificationResult result = verify(sm2, sm2Pdf);
            assertThat(result.failures()).isEmpty();
            assertThat(status(result, CheckName.PDF_SIGNATURE)).contains("SM2_SM3");
            try (PDDocument doc = Loader.loadPDF(sm2Pdf)) {
                SignerInformation signer = new CMSSignedData(doc.getLastSignatureDictionary().getContents()).getSignerInfos()
                        .getSigners().iterator().next();
                assertThat(signer.getDigestAlgOID()).isEqualTo("1.2.156.10197.1.401");
                assertThat(signer.getEncryptionAlgOID()).isEqualTo("1.2.156.10197.1.501");
            }
        }

        @Test
        void aTimeStampTokenStaysInTheJsonAndTheTrustedTimeIsShown() throws Exception {
            var stamped = reg.certificate().withTimestampToken(Timestamps.token(reg.network().tsa,
                    reg.certificate().timestampImprint(), java.time.Instant.parse("2026-11-23T10:00:07Z")));
            byte[] stampedPdf = CertificatePdf.render(stamped, BASE_URL,
                    reg.network().issuerKey(SignatureAlgorithm.ECDSA_P256_SHA256));

            assertThat(CertificatePdf.readJson(stampedPdf)).isEqualTo(stamped.toJson());
            VerificationResult result = CertificatePdf.read(stampedPdf).verify(Verifier.forBundle(reg.network().bundle()),
                    null);
            assertThat(result.failures()).isEmpty();
            assertThat(status(result, CheckName.TIMESTAMP_TOKEN)).startsWith("PASSED");
            try (PDDocument doc = Loader.loadPDF(stampedPdf)) {
                assertThat(new PDFTextStripper().getText(doc)).contains(
                        "可信时间 Trusted time", "2026-11-23 18:00:07 北京时间（2026-11-23T10:00:07Z），RFC 3161 时间戳");
                // The token stamps the JSON's signature, not this CMS signature value: no signature-time-stamp.
                SignerInformation signer = new CMSSignedData(doc.getLastSignatureDictionary().getContents()).getSignerInfos()
                        .getSigners().iterator().next();
                assertThat(signer.getUnsignedAttributes()).isNull();
            }
        }

        @Test
        void isMadeOnlyWithTheCertificatesIssuerKey() {
            IssuerKey other = reg.network().issuerKey(SignatureAlgorithm.SM2_SM3);
            assertThatThrownBy(() -> CertificatePdf.render(reg.certificate(), BASE_URL, other))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must be signed by its issuer CN=registry certificate issuer");
        }

        @Test
        void aPdfSignedByAnotherKeyFails() {
            TestPki.KeyAndCert rogue = TestPki.leaf(TestPki.rootCa("rogue", TestPki.Curve.P256), "rogue issuer", null, null);
            byte[] unsigned = CertificatePdf.layout(reg.certificate(), CertificatePage.of(reg.certificate()), BASE_URL);
            byte[] forged = PadesSigner.sign(unsigned, new IssuerKey(SignatureAlgorithm.ECDSA_P256_SHA256,
                    rogue.keys().getPrivate(), rogue.certificate(), List.of()), "rogue", java.time.Instant.now(), null);

            VerificationResult result = verify(reg, forged);
            assertThat(result.passed()).isFalse();
            assertThat(status(result, CheckName.PDF_SIGNATURE)).isEqualTo("FAILED: the PDF is signed by "
                    + "'C=CN,O=dataright,CN=rogue issuer', not by the certificate's issuer "
                    + "'CN=registry certificate issuer,O=dataright,C=CN'");
            assertThat(status(result, CheckName.PDF_TEXT)).startsWith("PASSED");
        }

        @Test
        void anUnsignedRenderingFails() {
            byte[] unsigned = CertificatePdf.layout(reg.certificate(), CertificatePage.of(reg.certificate()), BASE_URL);

            VerificationResult result = verify(reg, unsigned);
            assertThat(result.passed()).isFalse();
            assertThat(result.failures()).extracting(Check::name).containsExactly("pdf-signature");
            assertThat(status(result, CheckName.PDF_SIGNATURE)).startsWith("FAILED: the PDF is not signed");
        }
    }
}
