package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EvidenceTest extends ContractTestSupport {
    String assetId;

    @BeforeEach
    void registered() {
        assetId = register(ALICE, "traffic");
    }

    FakeFabric.Tx anchor(Identity who) {
        return fabric.submit(who, c -> contract.anchorEvidence(c, assetId, "contract", digest("doc"), "", "signed"));
    }

    @Nested
    class AnchorEvidence {

        @Test
        void theHolderAnchorsADocumentDigest() {
            String tx = fabric.nextTxId();
            String evidenceId = assetId + "/E-" + tx.substring(0, 16);
            FakeFabric.Tx result = fabric.submit(ALICE, c -> contract.anchorEvidence(c, assetId, "processing_log",
                    digest("log").toUpperCase(java.util.Locale.ROOT), digest("log sm3"), " nightly ETL log "));
            String json = "{\"id\":\"" + evidenceId + "\",\"assetId\":\"" + assetId + "\",\"kind\":\"PROCESSING_LOG\","
                    + "\"sha256\":\"" + digest("log") + "\",\"sm3\":\"" + digest("log sm3") + "\","
                    + "\"description\":\"nightly ETL log\",\"anchoredBy\":\"" + ALICE.party() + "\",\"lastAct\":"
                    + stamp("ANCHOR_EVIDENCE", ALICE, fabric.now(), tx) + "}";
            assertThat(result.response).isEqualTo(json);
            assertThat(result.keysWritten()).containsExactly(FakeFabric.key("evidence", assetId, evidenceId));
            assertThat(result.written(FakeFabric.key("evidence", assetId, evidenceId))).isEqualTo(json);
            assertThat(result.event().name).isEqualTo("ANCHOR_EVIDENCE");
            assertThat(result.event().payloadText())
                    .isEqualTo("{\"assetId\":\"" + assetId + "\",\"evidenceId\":\"" + evidenceId + "\""
                            + recordKey(FakeFabric.key("evidence", assetId, evidenceId)) + "}");
            assertThat(fabric.evaluate(NOBODY, c -> contract.getEvidenceOfAsset(c, assetId))).isEqualTo("[" + json + "]");
        }

        @Test
        void theHolderOfAFurtherRightMayAnchor() {
            registerRight(ALICE, assetId, PO, null);
            fabric.rejects(BOB, ErrorCode.NOT_PERMITTED,
                    c -> contract.anchorEvidence(c, assetId, "contract", digest("doc"), "", "signed"));
            transfer(ALICE, po(assetId), BOB);
            anchor(BOB);
        }

        @Test
        void anActiveLicenseeMayAnchorAndAnExpiredOneMayNot() {
            licence(ALICE, assetId, PU, BOB, terms().between("2026-03-01T00:00:00Z", "2026-06-01T00:00:00Z"));
            anchor(BOB);
            fabric.at("2026-06-01T00:00:00Z");
            fabric.rejects(BOB, ErrorCode.NOT_PERMITTED,
                    c -> contract.anchorEvidence(c, assetId, "audit_report", digest("a"), null, null));
        }

        @Test
        void aRevokedLicenseeMayNotAnchor() {
            String id = licence(ALICE, assetId, PU, BOB, terms());
            fabric.submit(ALICE, c -> contract.revokeLicence(c, id, "breach"));
            fabric.rejects(BOB, ErrorCode.NOT_PERMITTED,
                    c -> contract.anchorEvidence(c, assetId, "contract", digest("doc"), "", "signed"));
        }

        @Test
        void aNotaryMayAnchorToAnyAsset() {
            FakeFabric.Tx result = anchor(NOTARY);
            assertThat(json(result.response).getString("anchoredBy")).isEqualTo(NOTARY.party());
        }

        @Test
        void aStrangerEnterpriseIsNotPermitted() {
            fabric.rejects(CAROL, ErrorCode.NOT_PERMITTED,
                    c -> contract.anchorEvidence(c, assetId, "contract", digest("doc"), "", "signed"));
            fabric.rejects(Identity.ALICE_OF_ORG2, ErrorCode.NOT_PERMITTED,
                    c -> contract.anchorEvidence(c, assetId, "contract", digest("doc"), "", "signed"));
        }

        @Test
        void otherRolesAreRefused() {
            for (Identity other : new Identity[] {EXCHANGE, REGULATOR, BANK, COURT, REGISTRAR, NOBODY}) {
                fabric.rejects(other, ErrorCode.ROLE_NOT_ALLOWED,
                        c -> contract.anchorEvidence(c, assetId, "contract", digest("doc"), "", "signed"));
            }
        }

        @Test
        void refusesBadArguments() {
            fabric.rejects(ALICE, ErrorCode.INVALID_DIGEST,
                    c -> contract.anchorEvidence(c, assetId, "contract", "", null, "no digest"));
            fabric.rejects(ALICE, ErrorCode.INVALID_DIGEST,
                    c -> contract.anchorEvidence(c, assetId, "contract", "abc", null, "short"));
            fabric.rejects(ALICE, ErrorCode.INVALID_DIGEST,
                    c -> contract.anchorEvidence(c, assetId, "contract", null, digest("x") + "0", "long"));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.anchorEvidence(c, assetId, "invoice", digest("x"), null, null));
            fabric.rejects(ALICE, ErrorCode.ASSET_NOT_FOUND,
                    c -> contract.anchorEvidence(c, "A-none", "contract", digest("x"), null, null));
            fabric.rejects(NOTARY, ErrorCode.ASSET_NOT_FOUND,
                    c -> contract.anchorEvidence(c, "A-none", "contract", digest("x"), null, null));
        }
    }
}
