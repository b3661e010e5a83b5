package org.dataright.evidence.pdf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.crypto.IssuerKey;
import org.dataright.evidence.verify.Check;

/**
 * The certificate as a PDF: one signed A4 page a person can read, carrying the certificate JSON that a
 * verifier checks.
 *
 * <p>{@link #render} draws the formal bilingual certificate (see {@link CertificatePage} for what it says),
 * embeds the certificate JSON as {@value #EMBEDDED_NAME} and signs the file with the issuer's key, PAdES
 * baseline B ({@link PadesSigner}). {@link #read} opens a PDF within fixed bounds ({@link BoundedPdf}) and
 * returns the embedded JSON with two checks of the PDF itself: {@code pdf-signature} (the issuer's
 * signature covers the whole file) and {@code pdf-text} (the page shows what the JSON says).
 * {@link #readJson} returns only the JSON.
 */
public final class CertificatePdf {
    /** The name of the embedded file that holds the certificate JSON. */
    public static final String EMBEDDED_NAME = "evidence-certificate.json";
    /** The largest PDF read: 20 MiB. */
    public static final int MAX_PDF_BYTES = 20 << 20;
    /** The largest embedded certificate JSON read, once inflated: 4 MiB. */
    public static final int MAX_JSON_BYTES = 4 << 20;

    private CertificatePdf() {
    }

    /** The verification page's address for a certificate: {@code <baseUrl>/verify?cert=<id>}. */
    public static String verificationUrl(String baseUrl, String certificateId) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return base + "/verify?cert=" + URLEncoder.encode(certificateId, StandardCharsets.UTF_8);
    }

    /**
     * The signed certificate PDF, its QR code pointing at {@code <baseUrl>/verify?cert=<id>}.
     *
     * @param issuer the key that signed the certificate: the PDF is signed with it too
     * @throws IllegalArgumentException if {@code issuer} is not the certificate's issuer
     */
    public static byte[] render(EvidenceCertificate certificate, String baseUrl, IssuerKey issuer) {
        return render(certificate, baseUrl, issuer, null);
    }

    /**
     * The signed certificate PDF as {@link #render(EvidenceCertificate, String, IssuerKey)}, PAdES B-T when
     * {@code timestamper} (null for none) gives a signature time-stamp token, B-B when it gives none.
     */
    public static byte[] render(EvidenceCertificate certificate, String baseUrl, IssuerKey issuer,
            SignatureTimestamper timestamper) {
        try {
            if (issuer.algorithm() != certificate.content().issuer().algorithm()
                    || !Arrays.equals(issuer.certificate().getEncoded(), certificate.content().issuer().certificate().getEncoded())) {
                throw new IllegalArgumentException("the PDF of certificate " + certificate.id() + " must be signed by its "
                        + "issuer " + certificate.content().issuer().certificate().getSubjectX500Principal().getName()
                        + ", not by " + issuer.certificate().getSubjectX500Principal().getName());
            }
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the issuer certificate cannot be encoded: " + e.getMessage(), e);
        }
        CertificatePage page = CertificatePage.of(certificate);
        byte[] unsigned = layout(certificate, page, verificationUrl(baseUrl, certificate.id()));
        return PadesSigner.sign(unsigned, issuer, page.issuerName, Instant.now(), timestamper);
    }

    /** The unsigned document: the page, the embedded JSON, the document information. */
    static byte[] layout(EvidenceCertificate certificate, CertificatePage page, String url) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.setVersion(1.7f);
            PDPage pdfPage = new PDPage(PageRenderer.SIZE);
            doc.addPage(pdfPage);
            try (CjkFont font = CjkFont.load(doc)) {
                try (PDPageContentStream cs = new PDPageContentStream(doc, pdfPage)) {
                    PageRenderer.draw(cs, font, page, url);
                }
                embed(doc, certificate.toJson().getBytes(StandardCharsets.UTF_8), certificate.mediaType());
                PDDocumentInformation info = doc.getDocumentInformation();
                info.setTitle("数据产权登记/存证证书 Evidence certificate " + certificate.id());
                info.setAuthor(page.issuerName);
                info.setSubject(certificate.content().act() + " " + certificate.content().assetId() + ", transaction "
                        + certificate.content().proof().transactionId());
                info.setCreator("dpr-evidence (certificate layout " + CertificatePage.LAYOUT + ")");
                Calendar issued = new GregorianCalendar(TimeZone.getTimeZone("UTC"));
                issued.setTimeInMillis(certificate.content().issuedAt().toEpochMilli());
                info.setCreationDate(issued);
                doc.save(out);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("rendering the certificate PDF failed: " + e.getMessage(), e);
        }
    }

    /**
     * The embedded certificate JSON and the PDF's own checks ({@code pdf-signature}, {@code pdf-text}).
     *
     * @throws PdfLimitExceededException if the PDF or a stream of it is larger than a certificate PDF can be
     * @throws IllegalArgumentException  if it is not a readable PDF or embeds no certificate
     */
    public static PdfCertificate read(byte[] pdf) {
        try (BoundedPdf doc = BoundedPdf.open(pdf)) {
            String json = doc.embeddedJson();
            EvidenceCertificate certificate;
            try {
                certificate = EvidenceCertificate.from(json);
            } catch (RuntimeException e) {
                // The verifier reports why (its format check); the PDF's checks say they cannot compare.
                certificate = null;
            }
            SignatureCheck.Result signature = SignatureCheck.check(doc, certificate);
            Check text = PageTextCheck.check(doc, certificate);
            return new PdfCertificate(json, List.of(signature.check(), text), signature.timestamp());
        }
    }

    /**
     * The certificate JSON embedded in a PDF, read within the same bounds as {@link #read}, without
     * checking the PDF's signature or page.
     *
     * @throws PdfLimitExceededException if the PDF or a stream of it is larger than a certificate PDF can be
     * @throws IllegalArgumentException  if it is not a readable PDF or embeds no certificate
     */
    public static String readJson(byte[] pdf) {
        try (BoundedPdf doc = BoundedPdf.open(pdf)) {
            return doc.embeddedJson();
        }
    }

    private static void embed(PDDocument doc, byte[] json, String mediaType) throws IOException {
        PDEmbeddedFile file = new PDEmbeddedFile(doc, new ByteArrayInputStream(json), COSName.FLATE_DECODE);
        file.setSubtype(mediaType);
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
}
