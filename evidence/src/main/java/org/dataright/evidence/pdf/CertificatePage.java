package org.dataright.evidence.pdf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.dataright.evidence.certificate.CertificateContent;
import org.dataright.evidence.certificate.EvidenceCertificate;
import org.dataright.evidence.certificate.Party;
import org.dataright.evidence.pdf.Terms.Term;
import org.dataright.fabric.crypto.SignatureAlgorithm;

/**
 * What the page says, derived from the certificate alone: the statement in plain words and the labelled
 * fields, section by section, in the order the page shows them. The renderer draws it and the page-text
 * check reads it back, so both agree on every label and value. Values come from the signed content:
 * the act, the asset and right, the parties' certificates, the digests, the proof, and the record the
 * act wrote (the chaincode's JSON: the asset's title, the holder, the status after the act).
 */
final class CertificatePage {
    /** Layout version of the page; the labels below are part of it (the text check looks for them). */
    static final int LAYOUT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneOffset BEIJING = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int MAX_TITLE = 160;
    private static final int MAX_DESCRIPTION = 240;
    private static final int MAX_PARTIES = 4;

    /**
     * A labelled field. {@code key} fields are compared with the page text when a PDF is verified.
     *
     * @param zh    the Chinese label
     * @param en    the English label
     * @param value the value as the page shows it (before the font's '?' replacements)
     * @param key   whether the page-text check compares it
     */
    record Row(String zh, String en, String value, boolean key) {
        String label() {
            return zh + " " + en;
        }
    }

    /** A numbered section: its heading and its fields. */
    record Section(String zh, String en, List<Row> rows) {
        String heading() {
            return zh + " " + en;
        }
    }

    final String statementZh;
    final String statementEn;
    final List<Section> sections;
    /** Issuer's name for the seal and the signature line. */
    final String issuerName;
    final Instant issuedAt;
    final SignatureAlgorithm algorithm;

    /** What an act on the registry itself (CONFIGURE_REGISTRY, which names no asset) concerns. */
    private static final String REGISTRY_ZH = "本登记机构的配置";
    private static final String REGISTRY_EN = "the registry's own configuration";

    /** The heading after the last section: the text check reads up to it. */
    static final String VERIFY_HEADING = "六、核验 How to verify";

    private CertificatePage(String statementZh, String statementEn, List<Section> sections, String issuerName,
            Instant issuedAt, SignatureAlgorithm algorithm) {
        this.statementZh = statementZh;
        this.statementEn = statementEn;
        this.sections = List.copyOf(sections);
        this.issuerName = issuerName;
        this.issuedAt = issuedAt;
        this.algorithm = algorithm;
    }

    static CertificatePage of(EvidenceCertificate certificate) {
        CertificateContent c = certificate.content();
        WrittenRecord record = WrittenRecord.of(c.record().key(), c.record().value());
        Term act = Terms.act(c.act());
        Party submitter = c.submitter();
        String submitterName = displayName(submitter.certificate());
        String issuerName = displayName(c.issuer().certificate());

        List<Row> particulars = new ArrayList<>();
        particulars.add(new Row("证书编号", "Certificate ID", c.id(), true));
        if (record.title != null) {
            particulars.add(new Row("数据资产名称", "Asset title", clip(record.title, MAX_TITLE), true));
        }
        if (c.assetId() != null) {
            particulars.add(new Row("资产编号", "Asset ID", c.assetId(), true));
        } else {
            particulars.add(new Row("登记对象", "Concerns", REGISTRY_ZH + "  " + REGISTRY_EN, true));
        }
        String rightType = c.rightId() == null ? null : c.rightId().substring(c.rightId().lastIndexOf('/') + 1);
        if (c.rightId() != null) {
            Term right = Terms.right(rightType);
            particulars.add(new Row("权利", "Right", right.zh() + " " + right.en() + "（" + c.rightId() + "）", true));
        }
        for (WrittenRecord.Named party : record.parties) {
            particulars.add(new Row(party.zh(), party.en(), partyText(party.partyId()), true));
        }
        particulars.add(new Row("行为", "Act", act.zh() + " " + act.en() + "（" + c.act() + "）", true));
        if (record.status != null) {
            Term status = Terms.status(record.status);
            String frozen = record.freezeCase == null ? ""
                    : "；已冻结 frozen（" + (record.freezeCourt == null ? "" : record.freezeCourt + " ") + "案号 case "
                            + record.freezeCase + "）";
            particulars.add(new Row("本次行为后状态", "Status after the act", status.zh() + " " + status.en() + "（"
                    + record.status + "）" + frozen, true));
        }
        if (!record.about.isEmpty()) {
            particulars.add(new Row("资产概况", "About the asset", String.join(" · ", record.about), false));
        }
        if (!record.settings.isEmpty()) {
            particulars.add(new Row("配置内容", "Settings", String.join("；", record.settings), true));
        }
        if (record.description != null) {
            particulars.add(new Row("说明", "Description", clip(record.description, MAX_DESCRIPTION), false));
        }
        // The channel header's timestamp is written by the client; the trusted time (below) is not.
        particulars.add(new Row("交易时间", "Transaction time", time(c.transactionTime())
                + "，客户端声称 claimed by the client", true));
        particulars.add(new Row("签发时间", "Issued at", time(c.issuedAt()), true));
        String trusted = trustedTime(certificate.timestampToken());
        if (trusted != null) {
            particulars.add(new Row("可信时间", "Trusted time", trusted, false));
        }

        List<Row> parties = new ArrayList<>();
        for (int i = 0; i < c.parties().size() && i < MAX_PARTIES; i++) {
            Party p = c.parties().get(i);
            Term role = role(p.role());
            parties.add(new Row(role.zh(), role.en(), displayName(p.certificate()) + "（" + p.mspId() + "）  "
                    + p.certificate().getSubjectX500Principal().getName(), true));
        }
        if (c.parties().size() > MAX_PARTIES) {
            parties.add(new Row("其他当事方", "More parties", "另有 " + (c.parties().size() - MAX_PARTIES)
                    + " 方，见内嵌 JSON  " + (c.parties().size() - MAX_PARTIES) + " more in the embedded JSON", false));
        }

        List<Row> digests = new ArrayList<>();
        if (c.digests() == null) {
            digests.add(new Row("数据摘要", "Digests", "本行为不涉及数据内容  the act concerns no content", false));
        } else {
            if (c.digests().sha256() != null) {
                digests.add(new Row("SHA-256 摘要", "SHA-256 digest", c.digests().sha256(), true));
            }
            if (c.digests().sm3() != null) {
                digests.add(new Row("SM3 摘要", "SM3 digest", c.digests().sm3(), true));
            }
            if (c.digests().manifestRoot() != null) {
                digests.add(new Row("分块清单根", "Chunk manifest root", c.digests().manifestRoot(), true));
            }
        }

        var proof = c.proof();
        List<Row> ledger = new ArrayList<>();
        ledger.add(new Row("通道 / 链码", "Channel / chaincode", proof.channel() + " / " + proof.chaincode(), true));
        ledger.add(new Row("区块", "Block", "第 " + proof.blockNumber() + " 号区块，第 " + proof.transactionIndex()
                + " 笔交易  block " + proof.blockNumber() + ", transaction index " + proof.transactionIndex(), true));
        ledger.add(new Row("交易编号", "Transaction ID", proof.transactionId(), true));
        ledger.add(new Row("验证结果", "Validation code", proof.validationCode()
                + ("VALID".equals(proof.validationCode()) ? "（有效 valid）" : ""), true));
        ledger.add(new Row("区块数据哈希", "Block data hash",
                HexFormat.of().formatHex(proof.blockHeader().getDataHash().toByteArray()), false));

        List<Row> issuer = new ArrayList<>();
        issuer.add(new Row("签发机构", "Issuer", issuerName + "  " + c.issuer().certificate().getSubjectX500Principal()
                .getName(), false));
        issuer.add(new Row("签名算法", "Algorithm", c.issuer().algorithm() == SignatureAlgorithm.SM2_SM3
                ? "SM2 / SM3（国密 GB/T 32918, GB/T 32905）" : "ECDSA P-256 / SHA-256", false));
        issuer.add(new Row("本文件签名", "Signature of this file", "PAdES 基线 B（ETSI.CAdES.detached），签名覆盖整个文件，"
                + "任何改动都会使其失效  PAdES baseline B; it covers the whole file, so any change invalidates it"
                + (c.issuer().algorithm() == SignatureAlgorithm.SM2_SM3
                        ? "；SM2 签名多数阅读器不能验证，请用 dpr verify  most readers cannot check SM2: use dpr verify" : ""),
                false));
        if (certificate.timestampToken() != null) {
            issuer.add(new Row("时间戳", "Time-stamp", "RFC 3161 令牌在内嵌 JSON 中，加盖于签发人对 JSON 的签名  "
                    + "the RFC 3161 token is in the embedded JSON, over the issuer's signature of the JSON", false));
        }

        List<Section> sections = List.of(
                new Section("一、登记事项", "Particulars", particulars),
                new Section("二、当事方", "Parties", parties),
                new Section("三、数据摘要", "Content digests", digests),
                new Section("四、账本证明", "Ledger proof", ledger),
                new Section("五、签发与签名", "Issuer and signature", issuer));

        String object = record.title != null ? "数据资产“" + clip(record.title, 40) + "”（" + c.assetId() + "）"
                : c.rightId() != null ? "权利 " + c.rightId() : c.assetId() != null ? "资产 " + c.assetId() : REGISTRY_ZH;
        String objectEn = record.title != null ? "the data asset “" + clip(record.title, 40) + "” (" + c.assetId() + ")"
                : c.rightId() != null ? "the right " + c.rightId() : c.assetId() != null ? "the asset " + c.assetId()
                : REGISTRY_EN;
        String statusZh = record.status == null ? "" : "本次行为后，该记录的状态为“" + Terms.status(record.status).zh() + "”。";
        String statusEn = record.status == null ? "" : " After the act, the record's status is “"
                + Terms.status(record.status).en() + "”.";
        String statementZh = "兹证明：" + submitterName + "（" + submitter.mspId() + "）就" + object + "提交的“" + act.zh()
                + "”，已于北京时间 " + LOCAL.format(c.transactionTime().atOffset(BEIJING)) + " 记入区块链账本（通道 "
                + proof.channel() + "，第 " + proof.blockNumber() + " 号区块），账本验证结果为 " + proof.validationCode()
                + "。" + statusZh + "本证书由 " + issuerName + " 签发，以内嵌的证书 JSON 为准。";
        String statementEn = "This certifies that " + submitterName + " (" + submitter.mspId() + ") submitted the "
                + act.en() + " concerning " + objectEn + ", and that it was recorded on the ledger (channel "
                + proof.channel() + ", block " + proof.blockNumber() + ") at " + c.transactionTime()
                + " with validation code " + proof.validationCode() + "." + statusEn + " Issued by " + issuerName
                + "; the embedded certificate JSON is authoritative.";
        return new CertificatePage(statementZh, statementEn, sections, issuerName, c.issuedAt(), c.issuer().algorithm());
    }

    /** Beijing time, then the exact instant as the certificate states it. */
    static String time(Instant t) {
        return LOCAL.format(t.atOffset(BEIJING)) + " 北京时间（" + t + "）";
    }

    /** The text up to {@code max} code points, marked when cut. */
    static String clip(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…（全文见内嵌 JSON）";
    }

    /** The subject's common name, else its organisation, else the whole subject. */
    static String displayName(X509Certificate certificate) {
        return displayName(certificate.getSubjectX500Principal().getName());
    }

    static String displayName(String subject) {
        try {
            LdapName name = new LdapName(subject);
            for (String type : List.of("CN", "O")) {
                List<Rdn> rdns = new ArrayList<>(name.getRdns());
                Collections.reverse(rdns);
                for (Rdn rdn : rdns) {
                    if (rdn.getType().equalsIgnoreCase(type) && rdn.getValue() instanceof String value && !value.isBlank()) {
                        return value;
                    }
                }
            }
        } catch (InvalidNameException | IllegalArgumentException e) {
            // Not an X.500 name: shown as it is.
        }
        return subject;
    }

    /** A chaincode party id, {@code <MSP id>::<subject>}, as "name（MSP）"; anything else as it is. */
    static String partyText(String partyId) {
        int sep = partyId.indexOf("::");
        if (sep <= 0) {
            return partyId;
        }
        return displayName(partyId.substring(sep + 2)) + "（" + partyId.substring(0, sep) + "）";
    }

    private static Term role(String role) {
        return switch (role) {
            case Party.SUBMITTER -> new Term("提交人", "Submitter");
            case "receiver" -> new Term("受让人", "Receiver");
            case "licensee" -> new Term("被许可人", "Licensee");
            case "pledgee" -> new Term("质权人", "Pledgee");
            default -> new Term("当事方", "Party (" + role + ")");
        };
    }

    /** The token's time and authority as the token states them; the verifier checks them. */
    private static String trustedTime(byte[] token) {
        if (token == null) {
            return null;
        }
        try {
            TimeStampToken tst = new TimeStampToken(new CMSSignedData(token));
            TimeStampTokenInfo info = tst.getTimeStampInfo();
            String authority = info.getTsa() != null ? info.getTsa().getName().toString() : null;
            if (authority == null) {
                for (X509CertificateHolder holder : tst.getCertificates().getMatches(null)) {
                    if (tst.getSID().match(holder)) {
                        authority = holder.getSubject().toString();
                    }
                }
            }
            return time(info.getGenTime().toInstant()) + "，RFC 3161 时间戳 time-stamp"
                    + (authority == null ? "" : "，" + displayName(authority)) + "（由核验程序检查 checked by the verifier）";
        } catch (Exception e) {
            return "时间戳令牌无法读取 the time-stamp token cannot be read";
        }
    }

    /**
     * What the record the act wrote says, read leniently from the chaincode's JSON: fields that are
     * missing or of another type are simply not shown.
     */
    private static final class WrittenRecord {
        /** A party the record names, with the label it goes under. */
        record Named(String zh, String en, String partyId) {
        }

        String title;
        String description;
        String status;
        String freezeCase;
        String freezeCourt;
        final List<String> about = new ArrayList<>();
        /** The registry's configuration, for an act on the registry itself. */
        final List<String> settings = new ArrayList<>();
        final List<Named> parties = new ArrayList<>();

        static WrittenRecord of(String key, String value) {
            WrittenRecord r = new WrittenRecord();
            JsonNode json;
            try {
                json = JSON.readTree(value);
            } catch (IOException e) {
                return r;
            }
            if (json == null || !json.isObject()) {
                return r;
            }
            String kind = key.startsWith("\u0000") ? key.substring(1, Math.max(1, key.indexOf('\u0000', 1))) : "";
            r.title = "asset".equals(kind) ? text(json, "title") : null;
            r.description = text(json, "description");
            r.status = text(json, "status");
            JsonNode freeze = json.get("freeze");
            if (freeze != null && freeze.isObject()) {
                r.freezeCase = text(freeze, "caseNumber");
                r.freezeCourt = text(freeze, "court");
            }
            switch (kind) {
                case "asset" -> {
                    r.party("权利人", "Holder", firstText(json, "registrant", "holder"));
                    Term classification = text(json, "classification") == null ? null
                            : Terms.classification(text(json, "classification"));
                    r.about(text(json, "industry"));
                    r.about(classification == null ? null : classification.zh() + " " + classification.en());
                    r.about(text(json, "region"));
                    r.about(text(json, "format"));
                    JsonNode size = json.get("sizeBytes");
                    r.about(size != null && size.canConvertToLong() ? size.asLong() + " 字节 bytes" : null);
                    JsonNode records = json.get("recordCount");
                    r.about(records != null && records.canConvertToLong() && records.asLong() > 0
                            ? records.asLong() + " 条记录 records" : null);
                }
                case "right" -> r.party("权利人", "Holder", text(json, "holder"));
                case "licence" -> {
                    r.party("许可人", "Licensor", text(json, "licensor"));
                    r.party("被许可人", "Licensee", text(json, "licensee"));
                }
                case "evidence" -> r.party("存证人", "Anchored by", text(json, "anchoredBy"));
                case "config" -> {
                    JsonNode review = json.get("reviewRequired");
                    if (review != null && review.isBoolean()) {
                        r.settings.add(review.asBoolean() ? "生效前须经审查 review required before an act takes effect"
                                : "无需审查 no review");
                    }
                    String period = publicity(json);
                    if (period != null) {
                        java.util.regex.Matcher days = java.util.regex.Pattern.compile("P(\\d+)D").matcher(period);
                        r.settings.add(period.equals("P0D") ? "无公示期 no publicity"
                                : days.matches() ? "公示期 " + days.group(1) + " 天 publicity of " + days.group(1) + " days"
                                : "公示期 publicity " + period);
                    }
                }
                default -> r.party("权利人", "Holder", text(json, "holder"));
            }
            return r;
        }

        /** The configured publicity as ISO-8601 ({@code P30D}, {@code PT10S}), from records of either form. */
        private static String publicity(JsonNode config) {
            String iso = text(config, "publicity");
            if (iso != null) {
                return iso;
            }
            JsonNode days = config.get("publicityDays");
            return days != null && days.canConvertToInt() ? "P" + days.asInt() + "D" : null;
        }

        private void party(String zh, String en, String partyId) {
            if (partyId != null) {
                parties.add(new Named(zh, en, partyId));
            }
        }

        private void about(String item) {
            if (item != null) {
                about.add(item);
            }
        }

        private static String firstText(JsonNode node, String... fields) {
            for (String field : fields) {
                String value = text(node, field);
                if (value != null) {
                    return value;
                }
            }
            return null;
        }

        private static String text(JsonNode node, String field) {
            JsonNode value = node.get(field);
            return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText().strip() : null;
        }
    }
}
