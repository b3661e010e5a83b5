package org.dataright.evidence.pdf;

import java.util.List;
import org.dataright.evidence.certificate.EvidenceCertificate;

/**
 * What a certificate certifies, in plain words, exactly as its PDF page states it: the statement in
 * Chinese and in English, and the particulars (certificate id, asset title, holder, right, act, status
 * after the act, times). For other views of a certificate, such as the verification page, so that they
 * say what the PDF says.
 *
 * @param statementZh the statement in Chinese
 * @param statementEn the statement in English
 * @param particulars the labelled fields of the page's first section, in page order
 */
public record CertificateSummary(String statementZh, String statementEn, List<Field> particulars) {
    /** A labelled field: the label in both languages, and the value as the page shows it. */
    public record Field(String zh, String en, String value) {
    }

    public CertificateSummary {
        particulars = List.copyOf(particulars);
    }

    public static CertificateSummary of(EvidenceCertificate certificate) {
        CertificatePage page = CertificatePage.of(certificate);
        List<Field> fields = page.sections.get(0).rows().stream().map(r -> new Field(r.zh(), r.en(), r.value())).toList();
        return new CertificateSummary(page.statementZh, page.statementEn, fields);
    }
}
