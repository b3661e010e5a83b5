package org.dataright.evidence.pdf;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.dataright.evidence.certificate.CertificateContent;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.certificate.Party;
import org.dataright.fabric.msp.CertificateChains;

/** Renders a certificate as a PDF and reads the embedded certificate JSON back. */
public final class CertificatePdf {
    /** The name of the embedded file that holds the certificate JSON. */
    public static final String EMBEDDED_NAME = "evidence-certificate.json";
    private static final float MARGIN = 50;
    private static final float QR_SIZE = 110;
    private static final int WRAP = 88;

    private CertificatePdf() {
    }

    /** The verification page's address for a certificate: {@code <baseUrl>/verify?cert=<id>}. */
    public static String verificationUrl(String baseUrl, String certificateId) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/verify?cert=" + URLEncoder.encode(certificateId, StandardCharsets.UTF_8);
    }

    public static byte[] render(EvidenceCertificate certificate, String baseUrl) {
        CertificateContent c = certificate.content();
        String url = verificationUrl(baseUrl, certificate.id());
        Text text = new Text();
        text.line("Certificate id", c.id());
        text.line("Act", c.act());
        text.line("Asset", c.assetId());
        if (c.rightId() != null) {
            text.line("Right", c.rightId());
        }
        for (Party p : c.parties()) {
            text.line("Party (" + p.role() + ")", p.mspId() + "  " + CertificateChains.subject(p.certificate()));
        }
        if (c.digests() != null) {
            text.line("SHA-256", c.digests().sha256());
            text.line("SM3", c.digests().sm3());
            text.line("Manifest root", c.digests().manifestRoot());
        }
        text.line("Transaction id", c.proof().transactionId());
        text.line("Block", c.proof().blockNumber() + ", transaction " + c.proof().transactionIndex() + " ("
                + c.proof().validationCode() + ")");
        text.line("Channel / chaincode", c.proof().channel() + " / " + c.proof().chaincode());
        text.line("Transaction time", c.transactionTime().toString());
        text.line("Issued at", c.issuedAt().toString());
        text.line("Issuer", CertificateChains.subject(c.issuer().certificate()) + " (" + c.issuer().algorithm() + ")");
        text.line("Time-stamp token", certificate.timestampToken() == null ? "none" : "present");
        text.line("Verify at", url);

        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            float top = page.getMediaBox().getHeight() - MARGIN;
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                write(cs, bold, 16, MARGIN, top, List.of("Data Property Rights Registry - Evidence Certificate"));
                List<String> lines = new ArrayList<>(text.lines);
                lines.add("");
                lines.add("This PDF embeds the certificate JSON (" + EMBEDDED_NAME + "); verify it offline with the");
                lines.add("network's trust bundle, or open the address above. The JSON, not this page, is the evidence.");
                if (text.replaced) {
                    lines.add("Characters outside the PDF's Latin font are shown as '?'; the embedded JSON holds the exact text.");
                }
                write(cs, regular, 9, MARGIN, top - 30 - QR_SIZE, lines);
                drawQr(cs, url, page.getMediaBox().getWidth() - MARGIN - QR_SIZE, top - 15 - QR_SIZE);
            }
            embed(doc, certificate.toJson().getBytes(StandardCharsets.UTF_8));
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Evidence certificate " + c.id());
            Calendar issued = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
            issued.setTimeInMillis(c.issuedAt().toEpochMilli());
            info.setCreationDate(issued);
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering the certificate PDF failed: " + e.getMessage(), e);
        }
    }

    /** The certificate JSON embedded in a PDF made by {@link #render}; throws if there is none. */
    public static String readJson(byte[] pdf) {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            PDDocumentNameDictionary names = doc.getDocumentCatalog().getNames();
            PDEmbeddedFilesNameTreeNode files = names == null ? null : names.getEmbeddedFiles();
            PDComplexFileSpecification spec = files == null ? null : find(files, 0);
            if (spec == null || spec.getEmbeddedFile() == null) {
                throw new IllegalArgumentException("the PDF has no embedded " + EMBEDDED_NAME);
            }
            return new String(spec.getEmbeddedFile().toByteArray(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a readable PDF: " + e.getMessage(), e);
        }
    }

    private static PDComplexFileSpecification find(PDNameTreeNode<PDComplexFileSpecification> node, int depth)
            throws IOException {
        Map<String, PDComplexFileSpecification> here = node.getNames();
        if (here != null && here.containsKey(EMBEDDED_NAME)) {
            return here.get(EMBEDDED_NAME);
        }
        if (node.getKids() != null && depth < 8) {
            for (PDNameTreeNode<PDComplexFileSpecification> kid : node.getKids()) {
                PDComplexFileSpecification found = find(kid, depth + 1);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static void embed(PDDocument doc, byte[] json) throws IOException {
        PDEmbeddedFile file = new PDEmbeddedFile(doc, new ByteArrayInputStream(json));
        file.setSubtype(EvidenceCertificate.MEDIA_TYPE);
        file.setSize(json.length);
        PDComplexFileSpecification spec = new PDComplexFileSpecification();
        spec.setFile(EMBEDDED_NAME);
        spec.setFileUnicode(EMBEDDED_NAME);
        spec.setEmbeddedFile(file);
        spec.setEmbeddedFileUnicode(file);
        spec.setFileDescription("The evidence certificate (JSON); verify it with dpr verify or the verification page");
        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(Map.of(EMBEDDED_NAME, spec));
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
        names.setEmbeddedFiles(tree);
        doc.getDocumentCatalog().setNames(names);
    }

    private static void write(PDPageContentStream cs, PDType1Font font, float size, float x, float y, List<String> lines)
            throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.setLeading(size * 1.45f);
        cs.newLineAtOffset(x, y);
        for (String line : lines) {
            cs.showText(line);
            cs.newLine();
        }
        cs.endText();
    }

    /** Draws the QR code as filled squares, so the PDF needs no image. */
    private static void drawQr(PDPageContentStream cs, String url, float x, float y) throws IOException {
        BitMatrix matrix;
        try {
            matrix = new QRCodeWriter().encode(url, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.MARGIN, 1, EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M));
        } catch (WriterException e) {
            throw new IllegalArgumentException("the verification URL cannot be put in a QR code: " + e.getMessage(), e);
        }
        float module = QR_SIZE / matrix.getWidth();
        for (int row = 0; row < matrix.getHeight(); row++) {
            for (int col = 0; col < matrix.getWidth(); col++) {
                if (matrix.get(col, row)) {
                    cs.addRect(x + col * module, y + (matrix.getHeight() - 1 - row) * module, module, module);
                }
            }
        }
        cs.fill();
    }

    /** Label/value lines, wrapped, with text outside Helvetica's WinAnsi repertoire replaced by '?'. */
    private static final class Text {
        final List<String> lines = new ArrayList<>();
        boolean replaced;

        void line(String label, String value) {
            if (value == null) {
                return;
            }
            String safe = latin(value);
            String prefix = String.format("%-20s", label + ":");
            for (int start = 0; start < safe.length() || start == 0; start += WRAP) {
                lines.add((start == 0 ? prefix : " ".repeat(20)) + "  "
                        + safe.substring(start, Math.min(safe.length(), start + WRAP)));
                if (safe.isEmpty()) {
                    break;
                }
            }
        }

        /** Printable ASCII and Latin-1 are in WinAnsiEncoding; anything else (e.g. Chinese) cannot be shown in Helvetica. */
        private String latin(String s) {
            StringBuilder out = new StringBuilder(s.length());
            s.codePoints().forEach(cp -> {
                if ((cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff)) {
                    out.appendCodePoint(cp);
                } else {
                    out.append('?');
                    replaced = true;
                }
            });
            return out.toString();
        }
    }
}
