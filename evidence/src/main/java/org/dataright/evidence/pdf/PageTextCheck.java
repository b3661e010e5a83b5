package org.dataright.evidence.pdf;

import java.io.IOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.text.PDFTextStripper;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.pdf.CertificatePage.Row;
import org.dataright.evidence.pdf.CertificatePage.Section;
import org.dataright.evidence.verify.Check;
import org.dataright.evidence.verify.CheckName;

/**
 * The {@code pdf-text} check: what the page says agrees with the embedded certificate. The page text is
 * extracted (PDFBox's {@link PDFTextStripper}, sorted by position, so text drawn over a field lands in
 * that field's line), whitespace removed, and read in page order: every heading and label of the
 * {@link CertificatePage} made from the embedded certificate must appear, and between a key field's
 * label and the next label there must be exactly the field's value (certificate and asset id, title,
 * right, holder, act, status, times, parties, digests, channel, block, transaction id, validation
 * code). A '?' on the page stands for a character the font could not show.
 */
final class PageTextCheck {
    private static final int MAX_REPORTED = 4;

    private PageTextCheck() {
    }

    static Check check(BoundedPdf pdf, EvidenceCertificate certificate) {
        if (certificate == null) {
            return failed("the page cannot be compared: the embedded JSON is not a valid certificate");
        }
        try {
            int pages = pdf.read(doc -> doc.getNumberOfPages());
            if (pages != 1) {
                return failed("a certificate PDF has one page; this one has " + pages);
            }
            String text = pdf.read(doc -> {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setSortByPosition(true);
                return stripper.getText(doc);
            });
            List<String> problems = compare(normalize(text), CertificatePage.of(certificate));
            if (problems.isEmpty()) {
                return new Check(CheckName.PDF_TEXT.id(), Check.Status.PASSED, "the page shows the certificate's "
                        + "fields as the embedded JSON states them");
            }
            List<String> shown = problems.subList(0, Math.min(MAX_REPORTED, problems.size()));
            return failed("the page disagrees with the embedded certificate (spaces ignored): " + String.join("; ", shown)
                    + (problems.size() > MAX_REPORTED ? "; and " + (problems.size() - MAX_REPORTED) + " more" : ""));
        } catch (PdfLimitExceededException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            return failed("the page text cannot be read: " + e.getMessage());
        }
    }

    /**
     * Every disagreement between the page's text and the page the certificate makes, read in page order:
     * each label is looked for after the previous field, and a key field's value must follow its label
     * and be followed by the next label.
     */
    static List<String> compare(String page, CertificatePage expected) {
        List<String> labels = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (Section section : expected.sections) {
            labels.add(section.heading());
            rows.add(null);
            for (Row row : section.rows()) {
                labels.add(row.label());
                rows.add(row);
            }
        }
        labels.add(CertificatePage.VERIFY_HEADING);
        rows.add(null);

        List<String> problems = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < labels.size(); i++) {
            String label = normalize(labels.get(i));
            int at = page.indexOf(label, from);
            if (at < 0) {
                problems.add("it does not show '" + labels.get(i) + "'");
                continue;
            }
            from = at + label.length();
            Row row = rows.get(i);
            if (row == null || !row.key()) {
                continue;
            }
            String value = normalize(row.value());
            String next = i + 1 < labels.size() ? normalize(labels.get(i + 1)) : "";
            int matched = matchLength(page, from, value);
            if (matched >= 0 && page.startsWith(next, from + matched)) {
                from += matched;
            } else {
                int end = page.indexOf(next, from);
                String shown = page.substring(from, end < 0 ? page.length() : end);
                problems.add(row.label() + " shows '" + shown + "' where the certificate says '" + value + "'");
            }
        }
        return problems;
    }

    /**
     * How many chars of {@code page} from {@code from} spell {@code expected}, or -1: equal code points,
     * except that a '?' on the page may stand for any character outside printable ASCII (one the font
     * could not show).
     */
    static int matchLength(String page, int from, String expected) {
        int p = from;
        for (int e = 0; e < expected.length(); ) {
            if (p >= page.length()) {
                return -1;
            }
            int want = expected.codePointAt(e);
            int got = page.codePointAt(p);
            if (got != want && !(got == '?' && (want < 0x21 || want > 0x7e))) {
                return -1;
            }
            e += Character.charCount(want);
            p += Character.charCount(got);
        }
        return p - from;
    }

    /** NFKC, with every whitespace character removed. */
    static String normalize(String s) {
        String n = Normalizer.normalize(s, Normalizer.Form.NFKC);
        StringBuilder out = new StringBuilder(n.length());
        n.codePoints().filter(cp -> !Character.isWhitespace(cp) && !Character.isSpaceChar(cp)).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static Check failed(String reason) {
        return new Check(CheckName.PDF_TEXT.id(), Check.Status.FAILED, reason);
    }
}
