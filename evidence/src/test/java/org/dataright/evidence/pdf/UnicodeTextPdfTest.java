package org.dataright.evidence.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dataright.evidence.certificate.CertificateContent;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.certificate.LedgerRecord;
import org.dataright.evidence.fixture.Registration;
import org.dataright.fabric.crypto.SignatureAlgorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 10 of the trust review (the PDF's part): the page printed characters outside Noto Sans SC — most of
 * Latin Extended, accented Greek, Cyrillic beyond Russian — as '?'. A title and holder in Chinese, Ukrainian,
 * Greek, Polish, Czech, Turkish, Danish and Vietnamese now print as written: in the page's text (PDFBox and
 * poppler's pdftotext), with the companion font embedded only because it is needed, and pdf-text still passing.
 */
class UnicodeTextPdfTest {
    static final String TITLE = "上海数据 Київ Αθηνά Łódź Škoda Ğüzel Ærøskøbing Hà Nội";
    static final String DESCRIPTION = "Данные о движении транспорта — δεδομένα κυκλοφορίας — Dữ liệu giao thông";
    private static byte[] pdf;

    @TempDir
    static Path dir;

    @BeforeAll
    static void render() throws Exception {
        Registration reg = Registration.create();
        CertificateContent c = reg.certificate().content();
        String value = c.record().value().replace("上海市交通流量数据 2026", TITLE)
                .replace("\"status\"", "\"description\":\"" + DESCRIPTION + "\",\"status\"");
        EvidenceCertificate cert = new EvidenceCertificate(new CertificateContent(c.version(), c.id(), c.act(),
                c.assetId(), c.rightId(), c.parties(), c.digests(), new LedgerRecord(c.record().key(), value),
                c.transactionTime(), c.issuedAt(), c.proof(), c.issuer()), reg.certificate().signature(), null);
        pdf = CertificatePdf.render(cert, CertificatePdfTest.BASE_URL, reg.network().issuerKey(SignatureAlgorithm.ECDSA_P256_SHA256));
        Files.createDirectories(CertificatePdfTest.OUT);
        Files.write(CertificatePdfTest.OUT.resolve("unicode-title.pdf"), pdf);
    }

    @Test
    void theTitleAndDescriptionPrintAsWrittenAndPdfTextPasses() throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains(TITLE).contains(DESCRIPTION).doesNotContain("'?' marks characters");
            PDPage page = doc.getPage(0);
            List<String> fonts = new ArrayList<>();
            for (COSName name : page.getResources().getFontNames()) {
                fonts.add(page.getResources().getFont(name).getName().replaceAll("^[A-Z]{6}\\+", ""));
            }
            assertThat(fonts).containsExactlyInAnyOrder("NotoSansSC-Regular", "NotoSans-Regular");
        }
        PdfCertificate read = CertificatePdf.read(pdf);
        assertThat(read.checks()).allSatisfy(check -> assertThat(check.passed()).as(check.toString()).isTrue());
    }

    @Test
    void popplerExtractsTheSameText() throws Exception {
        TamperedPdfTest.assumeTool("pdftotext");
        Path file = Files.write(dir.resolve("unicode.pdf"), pdf);
        String text = TamperedPdfTest.run("pdftotext", "-enc", "UTF-8", file.toString(), "-");
        assertThat(text).contains(TITLE).contains(DESCRIPTION);
    }
}
