package org.dataright.evidence.pdf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dataright.evidence.fixture.Registration;
import org.junit.jupiter.api.Test;

/** The summary other views show is what the certificate's PDF page says, field for field. */
class CertificateSummaryTest {

    @Test
    void isThePagesStatementAndParticulars() {
        Registration reg = Registration.create();
        CertificateSummary summary = CertificateSummary.of(reg.certificate());
        CertificatePage page = CertificatePage.of(reg.certificate());

        assertThat(summary.statementZh()).isEqualTo(page.statementZh).startsWith("兹证明：");
        assertThat(summary.statementEn()).isEqualTo(page.statementEn).startsWith("This certifies that ");
        List<String> labels = summary.particulars().stream().map(CertificateSummary.Field::en).toList();
        assertThat(labels).startsWith("Certificate ID", "Asset title", "Asset ID", "Right", "Holder", "Act")
                .contains("Status after the act", "Transaction time", "Issued at");
        assertThat(summary.particulars()).extracting(CertificateSummary.Field::value)
                .contains(reg.certificate().id(), "上海市交通流量数据 2026", Registration.ASSET_ID);
        assertThat(summary.particulars()).extracting(CertificateSummary.Field::zh).startsWith("证书编号", "数据资产名称");
    }
}
