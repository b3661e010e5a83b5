package org.dataright.evidence.pdf;

import java.util.Map;

/**
 * The words the page uses for the chaincode's codes, Chinese first: acts, record statuses, the four
 * rights of the separation of data rights, classifications. A code without an entry is shown as it is.
 */
final class Terms {
    /** A term in both languages. */
    record Term(String zh, String en) {
    }

    private static final Map<String, Term> ACTS = Map.ofEntries(
            Map.entry("REGISTER_ASSET", new Term("数据资产登记", "registration of a data asset")),
            Map.entry("REGISTER_RIGHT", new Term("数据权利登记", "registration of a right")),
            Map.entry("OFFER_TRANSFER", new Term("权利转让要约", "offer to transfer a right")),
            Map.entry("ACCEPT_TRANSFER", new Term("接受权利转让", "acceptance of a transfer")),
            Map.entry("REJECT_TRANSFER", new Term("拒绝权利转让", "rejection of a transfer")),
            Map.entry("CANCEL_TRANSFER", new Term("撤回权利转让", "cancellation of a transfer")),
            Map.entry("GRANT_LICENCE", new Term("授予使用许可", "grant of a licence")),
            Map.entry("REVOKE_LICENCE", new Term("撤销使用许可", "revocation of a licence")),
            Map.entry("PLEDGE", new Term("权利质押", "pledge of a right")),
            Map.entry("RELEASE_PLEDGE", new Term("解除质押", "release of a pledge")),
            Map.entry("FREEZE", new Term("司法冻结", "freeze by court order")),
            Map.entry("UNFREEZE", new Term("解除冻结", "release of a freeze")),
            Map.entry("FILE_OBJECTION", new Term("提出异议", "objection filed")),
            Map.entry("RESOLVE_OBJECTION", new Term("异议处理", "objection resolved")),
            Map.entry("REVIEW", new Term("登记审核", "review of a registration")),
            Map.entry("TAKE_EFFECT", new Term("登记生效", "registration taking effect")),
            Map.entry("CONFIGURE_REGISTRY", new Term("登记机构配置", "registry configuration")),
            Map.entry("ANCHOR_EVIDENCE", new Term("数据存证", "evidence anchored")),
            Map.entry("REGISTER_PARTICIPANT", new Term("参与方登记", "registration of a participant")),
            Map.entry("CHANGE_PARTICIPANT", new Term("参与方变更", "change of a participant")),
            Map.entry("RENEW_KEY", new Term("参与方密钥更新", "renewal of a participant's key")),
            Map.entry("REBIND_KEY", new Term("参与方密钥重新绑定", "rebinding of a participant's key by the registrar")),
            Map.entry("REVOKE_KEY", new Term("参与方密钥吊销", "revocation of a participant's key")));

    private static final Map<String, Term> STATUSES = Map.ofEntries(
            Map.entry("PENDING", new Term("待审核，尚未生效", "pending review, not yet in effect")),
            Map.entry("EFFECTIVE", new Term("已生效", "in effect")),
            Map.entry("REJECTED", new Term("已驳回", "rejected")),
            Map.entry("ACTIVE", new Term("有效", "active")),
            Map.entry("TRANSFER_PENDING", new Term("转让待确认", "transfer pending")),
            Map.entry("REVOKED", new Term("已撤销", "revoked")),
            Map.entry("OPEN", new Term("异议审理中", "objection open")),
            Map.entry("UPHELD", new Term("异议成立", "objection upheld")),
            Map.entry("DISMISSED", new Term("异议不成立", "objection dismissed")),
            Map.entry("SUSPENDED", new Term("已暂停", "suspended")));

    private static final Map<String, Term> RIGHTS = Map.of(
            "RESOURCE_HOLDING", new Term("数据资源持有权", "data resource holding"),
            "PROCESSING_USE", new Term("数据加工使用权", "data processing and use"),
            "PRODUCT_OPERATION", new Term("数据产品经营权", "data product operation"),
            "INTELLECTUAL_PROPERTY", new Term("数据知识产权", "intellectual property in data"));

    private static final Map<String, Term> CLASSIFICATIONS = Map.of(
            "GENERAL", new Term("一般数据", "general data"),
            "IMPORTANT", new Term("重要数据", "important data"),
            "CORE", new Term("核心数据", "core data"));

    private Terms() {
    }

    static Term act(String code) {
        return ACTS.getOrDefault(code, new Term(code, code));
    }

    static Term status(String code) {
        return STATUSES.getOrDefault(code, new Term(code, code));
    }

    static Term right(String type) {
        return RIGHTS.getOrDefault(type, new Term(type, type));
    }

    static Term classification(String code) {
        return CLASSIFICATIONS.getOrDefault(code, new Term(code, code));
    }
}
