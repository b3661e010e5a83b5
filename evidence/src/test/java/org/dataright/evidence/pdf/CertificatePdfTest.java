package org.dataright.evidence.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dataright.evidence.fixture.Registration;
import org.dataright.evidence.verify.Verifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CertificatePdfTest {
    private static Registration reg;
    private static byte[] pdf;

    @BeforeAll
    static void render() {
        System.setProperty("java.awt.headless", "true");
        reg = Registration.create();
        pdf = CertificatePdf.render(reg.certificate(), "https://registry.example.cn/");
    }

    @Test
    void thePdfAloneCarriesAVerifiableCertificate() {
        String json = CertificatePdf.readJson(pdf);

        assertThat(json).isEqualTo(reg.certificate().toJson());
        assertThat(Verifier.forBundle(reg.network().bundle()).verify(json).passed()).isTrue();
    }

    @Test
    void thePageShowsTheActAndTheProofAndReplacesWhatHelveticaCannotShow() throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc);

            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            assertThat(text).contains("Evidence Certificate", "REGISTER_ASSET", Registration.ASSET_ID,
                    reg.certificate().content().proof().transactionId(), reg.digests().sha256(), reg.digests().sm3(),
                    "2026-11-23T10:00:00.123456789Z");
            // Long values wrap onto the next line.
            assertThat(text.replaceAll("\\s+", "")).contains("https://registry.example.cn/verify?cert=" + reg.certificate().id());
            assertThat(text).contains("CN=Acme Data Ltd ????").contains("shown as '?'");
        }
    }

    @Test
    void theQrCodeOpensTheVerificationPage() throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            BufferedImage image = new PDFRenderer(doc).renderImageWithDPI(0, 150);
            int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
            var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)));

            assertThat(new QRCodeReader().decode(bitmap).getText())
                    .isEqualTo("https://registry.example.cn/verify?cert=" + reg.certificate().id());
        }
    }

    @Test
    void aPdfWithoutTheCertificateIsRefusedClearly() throws Exception {
        try (PDDocument empty = new PDDocument(); var out = new java.io.ByteArrayOutputStream()) {
            empty.addPage(new org.apache.pdfbox.pdmodel.PDPage());
            empty.save(out);
            assertThatThrownBy(() -> CertificatePdf.readJson(out.toByteArray())).hasMessage("the PDF has no embedded evidence-certificate.json");
        }
        assertThatThrownBy(() -> CertificatePdf.readJson(new byte[] {1, 2, 3})).hasMessageStartingWith("not a readable PDF");
    }
}
