package org.dataright.evidence.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.dataright.evidence.certificate.CertificateContent;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.certificate.LedgerRecord;
import org.dataright.evidence.certificate.Party;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.fixture.TestNetwork;
import org.dataright.evidence.verify.CheckName;
import org.dataright.evidence.verify.VerificationResult;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signed certificate PDF changed after signing — text drawn over a field in an incremental update
 * (PDFBox), a field rewritten in place with qpdf, the embedded JSON swapped — fails both the signature
 * and the page-text check, naming the field; and poppler's {@code pdfsig} sees the signature as valid
 * before and invalid after.
 */
class TamperedPdfTest {
    private static Registration reg;
    private static byte[] pdf;

    @TempDir
    Path dir;

    @BeforeAll
    static void render() {
        System.setProperty("java.awt.headless", "true");
        reg = Registration.create();
        pdf = CertificatePdf.render(reg.certificate(), CertificatePdfTest.BASE_URL,
                reg.network().issuerKey(SignatureAlgorithm.ECDSA_P256_SHA256));
    }

    @Test
    void textDrawnOverTheHolderInAnIncrementalUpdateFailsTheSignatureAndThePageText() throws Exception {
        byte[] edited = overlay(pdf, "权利人", "Evil Data Ltd (Org1MSP)");
        try (PDDocument doc = Loader.loadPDF(edited)) {
            assertThat(new PDFTextStripper().getText(doc)).contains("Evil");
        }

        VerificationResult result = CertificatePdfTest.verify(reg, edited);
        assertThat(result.passed()).isFalse();
        assertThat(result.failures()).extracting(c -> c.name()).containsExactly("pdf-signature", "pdf-text");
        assertThat(CertificatePdfTest.status(result, CheckName.PDF_SIGNATURE)).startsWith("FAILED: the signature covers "
                + "bytes up to " + pdf.length + " of " + edited.length + ": " + (edited.length - pdf.length)
                + " bytes were added after signing (an incremental update)");
        assertThat(CertificatePdfTest.status(result, CheckName.PDF_TEXT)).startsWith("FAILED: the page disagrees with "
                + "the embedded certificate (spaces ignored): 权利人 Holder shows '")
                // Sorted by position, the forged letters fall between the real ones.
                .contains("where the certificate says 'AcmeDataLtd数据公司(Org1MSP)'");
    }

    @Test
    void anAssetIdRewrittenInPlaceWithQpdfFailsTheSignatureAndThePageText() throws Exception {
        assumeTool("qpdf");
        String forged = Registration.ASSET_ID.substring(0, Registration.ASSET_ID.length() - 2)
                + new StringBuilder(Registration.ASSET_ID.substring(Registration.ASSET_ID.length() - 2)).reverse();
        byte[] edited = qpdfReplace(pdf, Registration.ASSET_ID, forged);
        try (PDDocument doc = Loader.loadPDF(edited)) {
            assertThat(new PDFTextStripper().getText(doc)).contains("资产编号 Asset ID " + forged);
        }

        VerificationResult result = CertificatePdfTest.verify(reg, edited);
        assertThat(result.failures()).extracting(c -> c.name()).containsExactly("pdf-signature", "pdf-text");
        assertThat(CertificatePdfTest.status(result, CheckName.PDF_TEXT)).isEqualTo("FAILED: the page disagrees with "
                + "the embedded certificate (spaces ignored): 资产编号 Asset ID shows '" + forged + "' where the "
                + "certificate says '" + Registration.ASSET_ID + "'");
    }

    @Test
    void anotherCertificateSwappedInAsTheEmbeddedJsonFailsTheSignatureAndThePageText() throws Exception {
        Registration other = Registration.create(reg.network(), SignatureAlgorithm.ECDSA_P256_SHA256,
                List.of(reg.network().peer2, reg.network().peer1));
        byte[] edited;
        try (PDDocument doc = Loader.loadPDF(pdf); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var file = doc.getDocumentCatalog().getNames().getEmbeddedFiles().getNames().get(CertificatePdf.EMBEDDED_NAME)
                    .getEmbeddedFile();
            try (var os = file.getCOSObject().createOutputStream(COSName.FLATE_DECODE)) {
                os.write(other.certificate().toJson().getBytes(StandardCharsets.UTF_8));
            }
            file.getCOSObject().setNeedToBeUpdated(true);
            doc.saveIncremental(out);
            edited = out.toByteArray();
        }
        assertThat(CertificatePdf.readJson(edited)).isEqualTo(other.certificate().toJson());

        VerificationResult result = CertificatePdfTest.verify(other, edited);
        assertThat(result.failures()).extracting(c -> c.name()).containsExactly("pdf-signature", "pdf-text");
        assertThat(CertificatePdfTest.status(result, CheckName.PDF_TEXT)).contains("证书编号 Certificate ID shows '"
                + reg.certificate().id() + "' where the certificate says '" + other.certificate().id() + "'");
    }

    @Test
    void aLongTitleAndDescriptionAndManyPartiesStillFitOnePageAndReadBack() throws Exception {
        TestNetwork net = reg.network();
        CertificateContent c = reg.certificate().content();
        String title = "长三角城市群跨区域交通出行与物流枢纽运行监测数据集（含高速公路、铁路、港口与机场的逐时客货流量、拥堵指数及碳排放估算）".repeat(2);
        String value = c.record().value().replace("上海市交通流量数据 2026", title)
                .replace("\"status\"", "\"description\":\"" + "数据来源为各地交通运行监测平台，经脱敏、去标识化和质量校验后形成。".repeat(6)
                        + "\",\"status\"");
        List<Party> parties = new ArrayList<>(c.parties());
        for (String role : List.of("receiver", "licensee", "pledgee", "witness")) {
            parties.add(new Party(role, net.receiver.mspId(), net.receiver.certificate()));
        }
        EvidenceCertificate long_ = new EvidenceCertificate(new CertificateContent(c.version(), c.id(), c.act(),
                c.assetId(), c.rightId(), parties, c.digests(), new LedgerRecord(c.record().key(), value),
                c.transactionTime(), c.issuedAt(), c.proof(), c.issuer()), reg.certificate().signature(), null);
        byte[] longPdf = CertificatePdf.render(long_, CertificatePdfTest.BASE_URL,
                net.issuerKey(SignatureAlgorithm.ECDSA_P256_SHA256));
        Files.write(CertificatePdfTest.OUT.resolve("long-content.pdf"), longPdf);

        PdfCertificate read = CertificatePdf.read(longPdf);
        assertThat(read.checks()).allSatisfy(check -> assertThat(check.passed()).as(check.toString()).isTrue());
        try (PDDocument doc = Loader.loadPDF(longPdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            assertThat(new PDFTextStripper().getText(doc)).contains("…（全文见内嵌 JSON）", "另有 1 方，见内嵌 JSON");
        }
    }

    @Nested
    class Pdfsig {
        @Test
        void popplerSeesAValidSignatureOverTheWholeDocument() throws Exception {
            assumeTool("pdfsig");
            String out = pdfsig(pdf);
            assertThat(out).contains("Signer full Distinguished Name: CN=registry certificate issuer,O=dataright,C=CN",
                    "Signature Type: ETSI.CAdES.detached", "Signing Hash Algorithm: SHA-256", "Total document signed",
                    "Signature Validation: Signature is Valid.");
        }

        @Test
        void popplerSeesTheEditedPdfAsNotSignedWhole() throws Exception {
            assumeTool("pdfsig");
            String out = pdfsig(overlay(pdf, "权利人", "Evil Data Ltd (Org1MSP)"));
            assertThat(out).contains("Signature Validation: Signature is Valid.").doesNotContain("Total document signed");
        }

        @Test
        void popplerDoesNotUnderstandAnSm2SignatureButReadsTheFile() throws Exception {
            assumeTool("pdfsig");
            TestNetwork net = new TestNetwork();
            Registration sm2 = Registration.create(net, SignatureAlgorithm.SM2_SM3);
            String out = pdfsig(CertificatePdf.render(sm2.certificate(), CertificatePdfTest.BASE_URL,
                    net.issuerKey(SignatureAlgorithm.SM2_SM3)));
            System.out.println("pdfsig on an SM2-signed certificate PDF:\n" + out);
            assertThat(out).contains("Signer full Distinguished Name: CN=registry SM2 certificate issuer",
                    "Total document signed").doesNotContain("Signature is Valid.");
        }

        private String pdfsig(byte[] file) throws Exception {
            Path path = Files.write(dir.resolve("certificate.pdf"), file);
            return run("pdfsig", path.toString());
        }
    }

    /** Draws {@code text} over the value of the field whose line starts with {@code label}, in an incremental update. */
    static byte[] overlay(byte[] original, String label, String text) throws IOException {
        try (PDDocument doc = Loader.loadPDF(original); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = doc.getPage(0);
            float[] baseline = new float[1];
            PDFTextStripper finder = new PDFTextStripper() {
                @Override
                protected void writeString(String line, List<TextPosition> positions) {
                    if (line.startsWith(label) && baseline[0] == 0) {
                        baseline[0] = page.getMediaBox().getHeight() - positions.get(0).getYDirAdj();
                    }
                }
            };
            finder.setSortByPosition(true);
            finder.getText(doc);
            assertThat(baseline[0]).as("line of " + label).isPositive();
            try (PDPageContentStream cs = new PDPageContentStream(doc, page, AppendMode.APPEND, true, true)) {
                cs.setNonStrokingColor(1f, 1f, 1f);
                cs.addRect(176, baseline[0] - 3, 370, 11.5f);
                cs.fill();
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 8.4f);
                cs.setNonStrokingColor(0f, 0f, 0f);
                cs.newLineAtOffset(178, baseline[0]);
                cs.showText(text);
                cs.endText();
            }
            var resources = page.getResources().getCOSObject();
            doc.saveIncremental(out, java.util.Set.of(page.getCOSObject(), resources,
                    resources.getCOSDictionary(COSName.FONT)));
            return out.toByteArray();
        }
    }

    /**
     * Rewrites the file with qpdf (QDF form, streams uncompressed), replaces the page's string that shows
     * {@code from} by one showing {@code to} (made of the same characters, so the font subset has them),
     * and lets fix-qdf repair the lengths and offsets: an edit in place, as a forger with qpdf would make it.
     */
    private byte[] qpdfReplace(byte[] original, String from, String to) throws Exception {
        Path in = Files.write(dir.resolve("in.pdf"), original);
        Path qdf = dir.resolve("qdf.pdf");
        run("qpdf", "--qdf", "--object-streams=disable", in.toString(), qdf.toString());
        String file = new String(Files.readAllBytes(qdf), StandardCharsets.ISO_8859_1);
        String replaced = null;
        try (PDDocument doc = Loader.loadPDF(original)) {
            PDPage page = doc.getPage(0);
            PDType0Font font = (PDType0Font) page.getResources().getFont(page.getResources().getFontNames().iterator().next());
            Matcher m = Pattern.compile("<([0-9a-fA-F]+)>\\s*Tj").matcher(file);
            while (m.find() && replaced == null) {
                byte[] codes = HexFormat.of().parseHex(m.group(1));
                Map<Integer, String> codeOf = new HashMap<>();
                StringBuilder text = new StringBuilder();
                for (int i = 0; i + 1 < codes.length; i += 2) {
                    int code = (codes[i] & 0xff) << 8 | codes[i + 1] & 0xff;
                    String unicode = font.toUnicode(code);
                    text.append(unicode);
                    codeOf.put(unicode.codePointAt(0), String.format("%04x", code));
                }
                if (text.toString().equals(from)) {
                    StringBuilder hex = new StringBuilder();
                    to.codePoints().forEach(cp -> hex.append(codeOf.get(cp)));
                    replaced = file.substring(0, m.start(1)) + hex + file.substring(m.end(1));
                }
            }
        }
        assertThat(replaced).as("the page's string showing " + from).isNotNull();
        Path changed = Files.write(dir.resolve("changed.pdf"), replaced.getBytes(StandardCharsets.ISO_8859_1));
        Path fixed = dir.resolve("fixed.pdf");
        ProcessBuilder fix = new ProcessBuilder("fix-qdf", changed.toString()).redirectOutput(fixed.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        assertThat(fix.start().waitFor()).isZero();
        return Files.readAllBytes(fixed);
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        if (!command[0].equals("pdfsig")) {
            // qpdf exits with 3 for warnings.
            assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isIn(0, 3);
        }
        return out;
    }

    /** Skips the test, saying so on the console, when a tool is not installed. */
    static void assumeTool(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, tool));
        }
        if (!found) {
            System.err.println("!!! SKIPPED: " + tool + " is not installed (apt-get install "
                    + (tool.startsWith("pdf") ? "poppler-utils" : "qpdf") + "); this check of the certificate PDF did not run");
        }
        assumeTrue(found, tool + " is not installed");
    }
}
