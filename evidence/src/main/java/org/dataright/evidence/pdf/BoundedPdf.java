package org.dataright.evidence.pdf;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSNumber;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdfparser.PDFParser;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDEmbeddedFilesNameTreeNode;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;

/**
 * An untrusted PDF opened so that no part of it can take more memory than a certificate PDF needs.
 * PDFBox decodes a stream wholly into memory, without a bound, whenever it is read (a cross-reference
 * or object stream while parsing, a page's content for its text, an embedded file), so a few megabytes
 * of Flate can become gigabytes. Here:
 * <ul>
 *   <li>the file is at most {@link CertificatePdf#MAX_PDF_BYTES};</li>
 *   <li>it is parsed strictly (no brute-force repair, which would read every object stream it finds);</li>
 *   <li>every stream is checked as the parser meets it, before anything decodes it: its filter is none or
 *       one FlateDecode, named directly (other filters, which a certificate PDF never uses, are refused,
 *       as are encrypted files), its predictor parameters are small, and inflating it — counting the
 *       bytes, keeping none — gives at most {@link #MAX_STREAM_BYTES}, and all streams together at most
 *       {@link #MAX_TOTAL_BYTES};</li>
 *   <li>the embedded certificate is inflated here, through the same counting inflater, to at most
 *       {@link CertificatePdf#MAX_JSON_BYTES}.</li>
 * </ul>
 * A bound exceeded is a {@link PdfLimitExceededException}; a file that is not a PDF, or not one of ours,
 * an {@link IllegalArgumentException}.
 */
final class BoundedPdf implements Closeable {
    static final long MAX_STREAM_BYTES = 8L << 20;
    static final long MAX_TOTAL_BYTES = 32L << 20;

    final byte[] bytes;
    final PDDocument document;
    private final Parser parser;

    private BoundedPdf(byte[] bytes, Parser parser, PDDocument document) {
        this.bytes = bytes;
        this.parser = parser;
        this.document = document;
    }

    static BoundedPdf open(byte[] pdf) {
        if (pdf.length > CertificatePdf.MAX_PDF_BYTES) {
            throw new PdfLimitExceededException("the PDF is " + pdf.length + " bytes; a certificate PDF is at most "
                    + CertificatePdf.MAX_PDF_BYTES + " bytes (20 MiB)");
        }
        Parser parser = null;
        try {
            parser = new Parser(pdf);
            PDDocument doc = parser.parse(false);
            parser.rethrow();
            return new BoundedPdf(pdf, parser, doc);
        } catch (IOException e) {
            if (parser != null) {
                parser.rethrow();
            }
            throw new IllegalArgumentException("not a readable PDF: " + e.getMessage(), e);
        } catch (Refused e) {
            throw e.exception;
        }
    }

    /** Runs a PDFBox operation on the document; a stream it meets that breaks a bound is refused. */
    <T> T read(PdfAction<T> action) throws IOException {
        try {
            T result = action.run(document);
            parser.rethrow();
            return result;
        } catch (Refused e) {
            throw e.exception;
        } catch (IOException | RuntimeException e) {
            parser.rethrow();
            throw e;
        }
    }

    /** A PDFBox operation. */
    interface PdfAction<T> {
        T run(PDDocument document) throws IOException;
    }

    /** The embedded certificate JSON, inflated to at most {@link CertificatePdf#MAX_JSON_BYTES}. */
    String embeddedJson() {
        try {
            PDEmbeddedFile file = read(doc -> {
                PDDocumentNameDictionary names = doc.getDocumentCatalog().getNames();
                PDEmbeddedFilesNameTreeNode files = names == null ? null : names.getEmbeddedFiles();
                PDComplexFileSpecification spec = files == null ? null : find(files, 0);
                return spec == null ? null : spec.getEmbeddedFile();
            });
            if (file == null) {
                throw new IllegalArgumentException("the PDF has no embedded " + CertificatePdf.EMBEDDED_NAME);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long size;
            try (InputStream raw = file.getCOSObject().createRawInputStream()) {
                size = flate(file.getCOSObject())
                        ? inflate(raw, CertificatePdf.MAX_JSON_BYTES, out)
                        : copy(raw, CertificatePdf.MAX_JSON_BYTES, out);
            }
            if (size > CertificatePdf.MAX_JSON_BYTES) {
                throw new PdfLimitExceededException("the embedded " + CertificatePdf.EMBEDDED_NAME + " is larger than "
                        + CertificatePdf.MAX_JSON_BYTES + " bytes (4 MiB) once inflated; a certificate is far smaller");
            }
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("the embedded " + CertificatePdf.EMBEDDED_NAME + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private static PDComplexFileSpecification find(PDNameTreeNode<PDComplexFileSpecification> node, int depth)
            throws IOException {
        Map<String, PDComplexFileSpecification> here = node.getNames();
        if (here != null && here.containsKey(CertificatePdf.EMBEDDED_NAME)) {
            return here.get(CertificatePdf.EMBEDDED_NAME);
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

    @Override
    public void close() {
        try {
            document.close();
        } catch (IOException e) {
            // Nothing was written; closing an in-memory document cannot lose anything.
        }
    }

    /** Whether the stream (already checked by the parser) is Flate-compressed. */
    private static boolean flate(COSStream stream) {
        COSBase filter = stream.getItem(COSName.FILTER);
        return filter instanceof COSName || filter instanceof COSArray a && a.size() == 1;
    }

    /**
     * Inflates Flate data as PDFBox does (the two zlib header bytes skipped, the rest raw deflate, a
     * corrupt tail ending the data), writing to {@code out} (or only counting, when it is null) until
     * the data ends or {@code limit} is passed; returns the bytes produced, {@code limit + 1} when passed.
     */
    static long inflate(InputStream raw, long limit, OutputStream out) throws IOException {
        raw.read();
        raw.read();
        Inflater inflater = new Inflater(true);
        try {
            byte[] in = new byte[8192];
            byte[] buffer = new byte[16384];
            long total = 0;
            while (!inflater.finished()) {
                if (inflater.needsInput()) {
                    int n = raw.read(in);
                    if (n < 0) {
                        break;
                    }
                    inflater.setInput(in, 0, n);
                }
                int produced;
                try {
                    produced = inflater.inflate(buffer);
                } catch (DataFormatException e) {
                    break;
                }
                if (produced == 0 && (inflater.needsDictionary() || !inflater.needsInput() && !inflater.finished())) {
                    break;
                }
                long room = limit + 1 - total;
                if (out != null) {
                    out.write(buffer, 0, (int) Math.min(produced, room));
                }
                total += produced;
                if (total > limit) {
                    return limit + 1;
                }
            }
            return total;
        } finally {
            inflater.end();
        }
    }

    private static long copy(InputStream raw, long limit, OutputStream out) throws IOException {
        byte[] data = raw.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        out.write(data, 0, (int) Math.min(data.length, limit));
        return data.length;
    }

    /** The exception a stream check raised, carried through PDFBox (which swallows IOExceptions in places). */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient IllegalArgumentException exception;

        Refused(IllegalArgumentException exception) {
            super(exception.getMessage(), null, false, false);
            this.exception = exception;
        }
    }

    /** PDFBox's parser, strict, with every stream checked when it is parsed. */
    private static final class Parser extends PDFParser {
        private long total;
        private IllegalArgumentException refusal;

        Parser(byte[] pdf) throws IOException {
            super(new RandomAccessReadBuffer(pdf));
        }

        void rethrow() {
            if (refusal != null) {
                throw refusal;
            }
        }

        @Override
        protected COSStream parseCOSStream(COSDictionary dic) throws IOException {
            COSStream stream = super.parseCOSStream(dic);
            if (refusal != null) {
                throw new Refused(refusal);
            }
            String problem = filterProblem(stream);
            if (problem != null) {
                throw refuse(new IllegalArgumentException("not a certificate PDF: " + problem));
            }
            if (flate(stream)) {
                long size;
                try (InputStream raw = stream.createRawInputStream()) {
                    size = inflate(raw, MAX_STREAM_BYTES, null);
                }
                if (size > MAX_STREAM_BYTES) {
                    throw refuse(new PdfLimitExceededException("a stream of the PDF inflates to more than "
                            + MAX_STREAM_BYTES + " bytes (8 MiB); a certificate PDF has no such stream"));
                }
                total += size;
                if (total > MAX_TOTAL_BYTES) {
                    throw refuse(new PdfLimitExceededException("the PDF's streams inflate to more than "
                            + MAX_TOTAL_BYTES + " bytes (32 MiB) together; a certificate PDF is far smaller"));
                }
            }
            return stream;
        }

        @Override
        protected void prepareDecryption() throws IOException {
            if (document.getEncryptionDictionary() != null) {
                throw refuse(new IllegalArgumentException("not a certificate PDF: it is encrypted"));
            }
        }

        private Refused refuse(IllegalArgumentException e) {
            refusal = e;
            return new Refused(e);
        }

        /** Null when the stream's filters are none or one FlateDecode with small predictor parameters. */
        private static String filterProblem(COSStream stream) {
            COSBase filter = stream.getItem(COSName.FILTER);
            if (filter instanceof COSArray array) {
                if (array.size() > 1) {
                    return "a stream has " + array.size() + " filters (only one FlateDecode is used)";
                }
                filter = array.size() == 0 ? null : array.get(0);
            }
            if (filter != null && !(COSName.FLATE_DECODE.equals(filter) || COSName.FLATE_DECODE_ABBREVIATION.equals(filter))) {
                return "a stream has the filter " + (filter instanceof COSName name ? name.getName() : "given indirectly")
                        + " (only FlateDecode is used)";
            }
            COSBase parms = stream.getItem(COSName.DECODE_PARMS);
            if (parms == null) {
                parms = stream.getItem(COSName.DP);
            }
            if (parms instanceof COSArray array && array.size() == 1) {
                parms = array.get(0);
            }
            if (parms == null) {
                return null;
            }
            if (!(parms instanceof COSDictionary d) || d instanceof COSStream) {
                return "a stream's decode parameters are not a direct dictionary";
            }
            for (Map.Entry<COSName, Long> bound : Map.of(COSName.COLUMNS, 1L << 16, COSName.COLORS, 32L,
                    COSName.BITS_PER_COMPONENT, 16L, COSName.PREDICTOR, 15L).entrySet()) {
                COSBase value = d.getItem(bound.getKey());
                if (value != null && !(value instanceof COSNumber n && n.longValue() >= 0 && n.longValue() <= bound.getValue())) {
                    return "a stream's /" + bound.getKey().getName() + " is not a number from 0 to " + bound.getValue();
                }
            }
            return null;
        }
    }
}
