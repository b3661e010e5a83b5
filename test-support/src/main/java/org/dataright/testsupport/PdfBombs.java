package org.dataright.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Decompression-bomb PDFs, as an attacker hand-writes them: a few megabytes of FlateDecode that inflate to
 * gigabytes, in the places a certificate reader meets them — the embedded {@code evidence-certificate.json}, an
 * object stream holding the catalog's name tree (found through a cross-reference stream), the cross-reference
 * stream itself, and the catalog's XMP metadata. Made in a moment and small in memory: a raw-deflate segment of
 * 1 MiB of zeros, flushed to a byte boundary, is repeated (each segment refers only to bytes inside itself), so
 * 3 GiB cost 3 MB and no 3 GiB buffer ever exists. The zlib checksum is left wrong, as a bomb does not care.
 */
public final class PdfBombs {
    /** The attack of the trust review: 3 GiB of embedded JSON in a PDF of about 3.1 MB. */
    public static final long THREE_GIB = 3L << 30;
    private static final String EMBEDDED_NAME = "evidence-certificate.json";

    private PdfBombs() {
    }

    /** A PDF whose embedded {@code evidence-certificate.json} is a Flate stream of {@code inflated} bytes. */
    public static byte[] embeddedFile(long inflated) {
        Writer w = new Writer();
        w.object("<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(" + EMBEDDED_NAME + ") 4 0 R] >> >> >>");
        pages(w);
        w.object("<< /Type /Filespec /F (" + EMBEDDED_NAME + ") /UF (" + EMBEDDED_NAME + ") /EF << /F 5 0 R >> >>");
        w.stream("<< /Type /EmbeddedFile /Subtype /application#2Fjson /Filter /FlateDecode", zlib("{\"version\":".getBytes(
                StandardCharsets.US_ASCII), inflated));
        return w.withXrefTable();
    }

    /**
     * A PDF whose catalog's name tree (and so the embedded file's specification) is object 6 inside object
     * stream 5, which inflates to {@code inflated} bytes; the objects are found through a cross-reference stream.
     */
    public static byte[] objectStream(long inflated) {
        Writer w = new Writer();
        w.object("<< /Type /Catalog /Pages 2 0 R /Names 6 0 R >>");
        pages(w);
        w.object("<< /Type /Filespec /F (" + EMBEDDED_NAME + ") /EF << /F 7 0 R >> >>");
        String inner = "<< /EmbeddedFiles << /Names [(" + EMBEDDED_NAME + ") 4 0 R] >> >>";
        String header = "6 0 ";
        w.stream("<< /Type /ObjStm /N 1 /First " + header.length() + " /Filter /FlateDecode",
                zlib((header + inner + " ").getBytes(StandardCharsets.US_ASCII), inflated));
        w.object(null); // 6: in the object stream
        w.stream("<< /Type /EmbeddedFile", "{}".getBytes(StandardCharsets.US_ASCII));
        return w.withXrefStream(6, 5, null);
    }

    /** A PDF whose cross-reference stream inflates to {@code inflated} bytes (its entries, then zeros). */
    public static byte[] xrefStream(long inflated) {
        Writer w = new Writer();
        w.object("<< /Type /Catalog /Pages 2 0 R >>");
        pages(w);
        return w.withXrefStream(-1, -1, inflated);
    }

    /** A PDF with a small embedded file that is not a certificate and catalog XMP metadata of {@code inflated} bytes. */
    public static byte[] metadata(long inflated) {
        Writer w = new Writer();
        w.object("<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R /Names << /EmbeddedFiles << /Names [(" + EMBEDDED_NAME
                + ") 4 0 R] >> >> >>");
        pages(w);
        w.object("<< /Type /Filespec /F (" + EMBEDDED_NAME + ") /EF << /F 5 0 R >> >>");
        w.stream("<< /Type /EmbeddedFile", "{}".getBytes(StandardCharsets.US_ASCII));
        w.stream("<< /Type /Metadata /Subtype /XML /Filter /FlateDecode",
                zlib("<?xpacket begin=\"\"?>".getBytes(StandardCharsets.US_ASCII), inflated));
        return w.withXrefTable();
    }

    /** zlib data of {@code prefix} then zeros, {@code prefix.length + zeros} bytes inflated in all. */
    public static byte[] zlib(byte[] prefix, long zeros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x78);
        out.write(0xDA);
        out.writeBytes(rawFlushed(prefix));
        byte[] mebibyte = rawFlushed(new byte[1 << 20]);
        for (long i = 0; i < zeros >> 20; i++) {
            out.writeBytes(mebibyte);
        }
        out.writeBytes(rawFlushed(new byte[(int) (zeros & ((1 << 20) - 1))]));
        out.writeBytes(new byte[] {0x03, 0x00}); // a final, empty fixed-Huffman block
        out.writeBytes(new byte[4]); // Adler-32, wrong
        return out.toByteArray();
    }

    private static void pages(Writer w) {
        w.object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        w.object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>");
    }

    /** Raw deflate of {@code data}, sync-flushed so it ends on a byte boundary with no final block. */
    private static byte[] rawFlushed(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            do {
                n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, n);
            } while (n == buffer.length || !deflater.needsInput());
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    /** Objects numbered from 1 in order, with their offsets. */
    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final List<Long> offsets = new ArrayList<>();

        Writer() {
            ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        }

        /** The next object, or a number taken by an object in an object stream when {@code body} is null. */
        void object(String body) {
            offsets.add(body == null ? -1L : (long) out.size());
            if (body != null) {
                ascii(offsets.size() + " 0 obj\n" + body + "\nendobj\n");
            }
        }

        /** A stream object: {@code dictionaryStart} is its dictionary without the closing {@code >>}. */
        void stream(String dictionaryStart, byte[] raw) {
            offsets.add((long) out.size());
            ascii(offsets.size() + " 0 obj\n" + dictionaryStart + " /Length " + raw.length + " >>\nstream\n");
            out.writeBytes(raw);
            ascii("\nendstream\nendobj\n");
        }

        byte[] withXrefTable() {
            long xref = out.size();
            StringBuilder table = new StringBuilder("xref\n0 " + (offsets.size() + 1) + "\n0000000000 65535 f \n");
            for (long offset : offsets) {
                table.append(String.format("%010d 00000 n \n", offset));
            }
            ascii(table + "trailer\n<< /Size " + (offsets.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
            return out.toByteArray();
        }

        /**
         * A cross-reference stream as the last object: object {@code inStream} (when positive) is entry 0 of object
         * stream {@code streamObject}; {@code inflated}, when not null, makes the stream a bomb of that size.
         */
        byte[] withXrefStream(int inStream, int streamObject, Long inflated) {
            long xref = out.size();
            int size = offsets.size() + 2;
            ByteBuffer entries = ByteBuffer.allocate(size * 7);
            entries.put((byte) 0).putInt(0).putShort((short) 0xFFFF);
            for (int i = 0; i < offsets.size(); i++) {
                if (i + 1 == inStream) {
                    entries.put((byte) 2).putInt(streamObject).putShort((short) 0);
                } else {
                    entries.put((byte) 1).putInt((int) (long) offsets.get(i)).putShort((short) 0);
                }
            }
            entries.put((byte) 1).putInt((int) xref).putShort((short) 0);
            String dictionary = "<< /Type /XRef /Size " + size + " /W [1 4 2] /Root 1 0 R";
            if (inflated == null) {
                stream(dictionary, entries.array());
            } else {
                stream(dictionary + " /Filter /FlateDecode", zlib(entries.array(), inflated));
            }
            ascii("startxref\n" + xref + "\n%%EOF\n");
            return out.toByteArray();
        }

        private void ascii(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
        }
    }
}
