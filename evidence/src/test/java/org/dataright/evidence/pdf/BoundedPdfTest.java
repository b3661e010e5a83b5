package org.dataright.evidence.pdf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.dataright.evidence.fixture.Registration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PDFs made to exhaust memory are refused with a clear message, within a small, bounded allocation: a
 * decompression bomb in the embedded file (200 MB of zeros, Flate-compressed to some 200 KB, made without
 * ever holding the 200 MB) and in the page content, an embedded certificate over 4 MiB, a file over
 * 20 MiB; and PDFs that are not ours (other filters, encryption, no certificate) are refused as such.
 */
class BoundedPdfTest {
    private static final long BOMB_BYTES = 200_000_000L;
    private static final long ALLOWED_ALLOCATION = 64L << 20;
    private static byte[] bomb;

    @BeforeAll
    static void makeTheBomb() throws IOException {
        bomb = deflate(zeros(BOMB_BYTES));
        assertThat(bomb.length).as("compressed bomb").isLessThan(400_000);
    }

    @Test
    void anEmbeddedFileThatInflatesTo200MbIsRefusedWithinABoundedAllocation() throws IOException {
        byte[] pdf = pdfEmbedding(bomb, COSName.FLATE_DECODE);

        long before = allocatedBytes();
        assertThatThrownBy(() -> CertificatePdf.readJson(pdf)).isInstanceOf(PdfLimitExceededException.class)
                .hasMessage("a stream of the PDF inflates to more than 8388608 bytes (8 MiB); a certificate PDF has no "
                        + "such stream");
        assertThatThrownBy(() -> CertificatePdf.read(pdf)).isInstanceOf(PdfLimitExceededException.class);
        long allocated = allocatedBytes() - before;
        System.out.println("refusing a 200 MB embedded-file bomb twice allocated " + allocated + " bytes");
        assertThat(allocated).as("bytes allocated refusing it twice").isLessThan(ALLOWED_ALLOCATION);
    }

    @Test
    void aPageContentThatInflatesTo200MbIsRefusedWhenThePageIsRead() throws IOException {
        Registration reg = Registration.create();
        byte[] pdf;
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            page.getCOSObject().setItem(COSName.CONTENTS, rawStream(doc, bomb, COSName.FLATE_DECODE));
            embed(doc, rawStream(doc, deflate(new ByteArrayInputStream(reg.certificate().toJson()
                    .getBytes(StandardCharsets.UTF_8))), COSName.FLATE_DECODE));
            doc.save(out);
            pdf = out.toByteArray();
        }
        // The JSON alone is readable; reading the page is refused.
        assertThat(CertificatePdf.readJson(pdf)).isEqualTo(reg.certificate().toJson());
        long before = allocatedBytes();
        assertThatThrownBy(() -> CertificatePdf.read(pdf)).isInstanceOf(PdfLimitExceededException.class)
                .hasMessageStartingWith("a stream of the PDF inflates to more than 8388608 bytes");
        assertThat(allocatedBytes() - before).isLessThan(ALLOWED_ALLOCATION);
    }

    @Test
    void anEmbeddedCertificateOver4MibIsRefused() throws IOException {
        byte[] pdf = pdfEmbedding(deflate(new ByteArrayInputStream(new byte[5 << 20])), COSName.FLATE_DECODE);

        assertThatThrownBy(() -> CertificatePdf.readJson(pdf)).isInstanceOf(PdfLimitExceededException.class)
                .hasMessage("the embedded evidence-certificate.json is larger than 4194304 bytes (4 MiB) once inflated; a "
                        + "certificate is far smaller");
    }

    @Test
    void aFileOver20MibIsRefusedUnread() {
        byte[] big = Arrays.copyOf("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), CertificatePdf.MAX_PDF_BYTES + 1);

        assertThatThrownBy(() -> CertificatePdf.read(big)).isInstanceOf(PdfLimitExceededException.class)
                .hasMessage("the PDF is 20971521 bytes; a certificate PDF is at most 20971520 bytes (20 MiB)");
    }

    @Test
    void streamsWithOtherFiltersAreRefusedBeforeAnyIsDecoded() throws IOException {
        assertThatThrownBy(() -> CertificatePdf.readJson(pdfEmbedding(new byte[] {(byte) 0x80, 0, 1}, COSName.LZW_DECODE)))
                .isNotInstanceOf(PdfLimitExceededException.class)
                .hasMessage("not a certificate PDF: a stream has the filter LZWDecode (only FlateDecode is used)");
        assertThatThrownBy(() -> CertificatePdf.readJson(pdfEmbedding(deflate(deflate(zeros(1 << 20))),
                filters(COSName.FLATE_DECODE, COSName.FLATE_DECODE))))
                .hasMessage("not a certificate PDF: a stream has 2 filters (only one FlateDecode is used)");
    }

    @Test
    void encryptedPdfsAreRefused() throws IOException {
        byte[] pdf;
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.addPage(new PDPage());
            embed(doc, rawStream(doc, deflate(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))),
                    COSName.FLATE_DECODE));
            StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", "", new AccessPermission());
            policy.setEncryptionKeyLength(128);
            doc.protect(policy);
            doc.save(out);
            pdf = out.toByteArray();
        }

        assertThatThrownBy(() -> CertificatePdf.readJson(pdf)).hasMessage("not a certificate PDF: it is encrypted");
    }

    @Test
    void aPdfWithoutTheCertificateOrNotAPdfIsRefusedClearly() throws IOException {
        try (PDDocument empty = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            empty.addPage(new PDPage());
            empty.save(out);
            assertThatThrownBy(() -> CertificatePdf.readJson(out.toByteArray()))
                    .hasMessage("the PDF has no embedded evidence-certificate.json");
            assertThatThrownBy(() -> CertificatePdf.read(out.toByteArray()))
                    .hasMessage("the PDF has no embedded evidence-certificate.json");
        }
        assertThatThrownBy(() -> CertificatePdf.readJson(new byte[] {1, 2, 3})).hasMessageStartingWith("not a readable PDF");
        assertThatThrownBy(() -> CertificatePdf.readJson("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<<>>\nendobj\n"
                .getBytes(StandardCharsets.ISO_8859_1))).isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a readable PDF");
    }

    /** A PDF whose embedded {@value CertificatePdf#EMBEDDED_NAME} is the given raw (still encoded) stream. */
    static byte[] pdfEmbedding(byte[] raw, COSBase filter) throws IOException {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            doc.addPage(new PDPage());
            embed(doc, rawStream(doc, raw, filter));
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static COSStream rawStream(PDDocument doc, byte[] raw, COSBase filter) throws IOException {
        COSStream stream = doc.getDocument().createCOSStream();
        try (OutputStream os = stream.createRawOutputStream()) {
            os.write(raw);
        }
        stream.setItem(COSName.FILTER, filter);
        return stream;
    }

    private static void embed(PDDocument doc, COSStream stream) {
        PDComplexFileSpecification spec = new PDComplexFileSpecification();
        spec.setFile(CertificatePdf.EMBEDDED_NAME);
        spec.setEmbeddedFile(new PDEmbeddedFile(stream));
        PDEmbeddedFilesNameTreeNode tree = new PDEmbeddedFilesNameTreeNode();
        tree.setNames(Map.of(CertificatePdf.EMBEDDED_NAME, spec));
        PDDocumentNameDictionary names = new PDDocumentNameDictionary(doc.getDocumentCatalog());
        names.setEmbeddedFiles(tree);
        doc.getDocumentCatalog().setNames(names);
    }

    private static COSArray filters(COSName... names) {
        COSArray array = new COSArray();
        for (COSName name : names) {
            array.add(name);
        }
        return array;
    }

    /** A stream of {@code size} zero bytes that never holds more than 64 KiB. */
    private static java.io.InputStream zeros(long size) {
        return new java.io.InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 0 : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                Arrays.fill(b, off, off + n, (byte) 0);
                left -= n;
                return n;
            }
        };
    }

    /** zlib (Flate) compression of a stream, read 64 KiB at a time. */
    private static byte[] deflate(java.io.InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        try (DeflaterOutputStream z = new DeflaterOutputStream(out, deflater, 1 << 16)) {
            in.transferTo(z);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data) throws IOException {
        return deflate(new ByteArrayInputStream(data));
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread allocation counter). */
    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
