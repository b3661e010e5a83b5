package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PledgeAndFreezeTest extends ContractTestSupport {
    static final String CASE = "(2026) Hu 0101 Civil Preservation 77";
    String assetId;
    String rightId;

    @BeforeEach
    void registered() {
        assetId = register(ALICE, "traffic");
        rightId = rh(assetId);
    }

    String inFiveDays() {
        return expiresIn(Duration.ofDays(5));
    }

    @Nested
    class Pledge {

        @Test
        void theHolderPledgesToABank() {
            String tx = fabric.nextTxId();
            FakeFabric.Tx result = fabric.submit(ALICE, c -> contract.pledge(c, rightId, BANK.party(), digest("loan")));
            String json = "{\"id\":\"" + rightId + "\",\"assetId\":\"" + assetId + "\",\"type\":\"RESOURCE_HOLDING\","
                    + "\"holder\":\"" + ALICE.party() + "\",\"status\":\"ACTIVE\",\"claim\":null,\"offer\":null,"
                    + "\"pledge\":{\"pledgee\":\"" + BANK.party() + "\",\"contractDigest\":\"" + digest("loan")
                    + "\",\"since\":\"" + fabric.now() + "\"},\"freeze\":null,\"pendingAct\":null,\"lastAct\":"
                    + stamp("PLEDGE", ALICE, fabric.now(), tx) + "}";
            assertThat(result.response).isEqualTo(json);
            assertThat(result.keysWritten()).containsExactly(FakeFabric.rightKey(rightId), holderKey(ALICE, rightId));
            assertThat(result.event().name).isEqualTo("PLEDGE");
            assertThat(result.event().payloadText())
                    .isEqualTo("{\"assetId\":\"" + assetId + "\",\"rightId\":\"" + rightId + "\""
                            + recordKey(FakeFabric.rightKey(rightId)) + "}");
        }

        @Test
        void aPledgedRightCannotBePledgedAgainOrTransferred() {
            fabric.submit(ALICE, c -> contract.pledge(c, rightId, BANK.party(), digest("loan")));
            fabric.rejects(ALICE, ErrorCode.RIGHT_PLEDGED, c -> contract.pledge(c, rightId, OTHER_BANK.party(), digest("2")));
            fabric.rejects(ALICE, ErrorCode.RIGHT_PLEDGED, c -> contract.offerTransfer(c, rightId, BOB.party(),
                    digest("c"), inFiveDays()));
        }

        @Test
        void notWithAnOpenOffer() {
            offer(ALICE, rightId, BOB);
            fabric.rejects(ALICE, ErrorCode.OFFER_PENDING, c -> contract.pledge(c, rightId, BANK.party(), digest("loan")));
        }

        @Test
        void onlyByTheHolderAndNotToItself() {
            fabric.rejects(BOB, ErrorCode.NOT_HOLDER, c -> contract.pledge(c, rightId, BANK.party(), digest("loan")));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.pledge(c, rightId, ALICE.party(), digest("l")));
            fabric.rejects(BANK, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.pledge(c, rightId, BANK.party(), digest("l")));
        }

        @Test
        void refusesBadArguments() {
            fabric.rejects(ALICE, ErrorCode.INVALID_DIGEST, c -> contract.pledge(c, rightId, BANK.party(), "12"));
            fabric.rejects(ALICE, ErrorCode.INVALID_ARGUMENT, c -> contract.pledge(c, rightId, "bank", digest("l")));
            fabric.rejects(ALICE, ErrorCode.RIGHT_NOT_FOUND, c -> contract.pledge(c, po(assetId), BANK.party(), digest("l")));
        }

        @Test
        void aFrozenRightOrAssetCannotBePledged() {
            freeze(rightId, CASE);
            fabric.rejects(ALICE, ErrorCode.RIGHT_FROZEN, c -> contract.pledge(c, rightId, BANK.party(), digest("loan")));
            fabric.submit(COURT, c -> contract.unfreeze(c, rightId, CASE));
            freeze(assetId, CASE);
            fabric.rejects(ALICE, ErrorCode.ASSET_FROZEN, c -> contract.pledge(c, rightId, BANK.party(), digest("loan")));
        }

        @Test
        void aRightOfAnAssetPendingRegistrationCannotBePledged() {
            configure(true, 0);
            String pending = register(ALICE, "pending");
            fabric.rejects(ALICE, ErrorCode.ASSET_NOT_EFFECTIVE,
                    c -> contract.pledge(c, rh(pending), BANK.party(), digest("loan")));
        }
    }

    @Nested
    class ReleasePledge {

        @BeforeEach
        void pledged() {
            fabric.submit(ALICE, c -> contract.pledge(c, rightId, BANK.party(), digest("loan")));
        }

        @Test
        void thePledgeeBankReleasesAndTheRightMayMoveAgain() {
            FakeFabric.Tx result = fabric.submit(BANK, c -> contract.releasePledge(c, rightId));
            assertThat(json(result.response).isNull("pledge")).isTrue();
            assertThat(json(result.response).getJSONObject("lastAct").getString("actor")).isEqualTo(BANK.party());
            assertThat(result.event().name).isEqualTo("RELEASE_PLEDGE");
            assertThat(result.keysWritten()).containsExactly(FakeFabric.rightKey(rightId), holderKey(ALICE, rightId));
            transfer(ALICE, rightId, BOB);
        }

        @Test
        void onlyThePledgee() {
            fabric.rejects(OTHER_BANK, ErrorCode.NOT_PLEDGEE, c -> contract.releasePledge(c, rightId));
        }

        @Test
        void onlyWithTheBankRole() {
            fabric.rejects(ALICE, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.releasePledge(c, rightId));
            // the pledgee's own party, but a certificate without the bank role
            Identity pledgeeWithoutRole = Identity.of("BankMSP", "lender", "enterprise");
            assertThat(pledgeeWithoutRole.party()).isEqualTo(BANK.party());
            fabric.rejects(pledgeeWithoutRole, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.releasePledge(c, rightId));
        }

        @Test
        void notWhenNotPledged() {
            fabric.submit(BANK, c -> contract.releasePledge(c, rightId));
            fabric.rejects(BANK, ErrorCode.NOT_PLEDGED, c -> contract.releasePledge(c, rightId));
        }

        @Test
        void aPledgeCanBeReleasedWhileTheRightIsFrozen() {
            freeze(rightId, CASE);
            fabric.submit(BANK, c -> contract.releasePledge(c, rightId));
        }
    }

    @Nested
    class Freeze {

        @Test
        void aCourtFreezesAnAsset() {
            String tx = fabric.nextTxId();
            FakeFabric.Tx result = fabric.submit(COURT, c -> contract.freeze(c, assetId, " " + CASE + " ", digest("order")));
            String freezeJson = "{\"court\":\"" + COURT.party() + "\",\"caseNumber\":\"" + CASE + "\",\"orderDigest\":\""
                    + digest("order") + "\",\"since\":\"" + fabric.now() + "\"}";
            assertThat(result.response).contains("\"status\":\"EFFECTIVE\",\"pendingAct\":null,\"freeze\":" + freezeJson
                    + ",\"lastAct\":" + stamp("FREEZE", COURT, fabric.now(), tx) + "}");
            assertThat(result.keysWritten()).containsExactly(FakeFabric.assetKey(assetId));
            assertThat(result.event().name).isEqualTo("FREEZE");
            assertThat(result.event().payloadText()).isEqualTo("{\"assetId\":\"" + assetId + "\"" + recordKey(FakeFabric.assetKey(assetId)) + "}");
        }

        @Test
        void aCourtFreezesARight() {
            FakeFabric.Tx result = fabric.submit(COURT, c -> contract.freeze(c, rightId, CASE, digest("order")));
            assertThat(json(result.response).getJSONObject("freeze").getString("caseNumber")).isEqualTo(CASE);
            assertThat(result.keysWritten()).containsExactly(FakeFabric.rightKey(rightId), holderKey(ALICE, rightId));
            assertThat(result.event().payloadText())
                    .isEqualTo("{\"assetId\":\"" + assetId + "\",\"rightId\":\"" + rightId + "\""
                            + recordKey(FakeFabric.rightKey(rightId)) + "}");
            assertThat(asset(NOBODY, assetId).isNull("freeze")).isTrue();
        }

        @Test
        void somethingFrozenCannotBeFrozenAgain() {
            freeze(assetId, CASE);
            ChaincodeException e = fabric.rejects(COURT, ErrorCode.ALREADY_FROZEN,
                    c -> contract.freeze(c, assetId, "other case", digest("o")));
            assertThat(e.getMessage()).contains(CASE);
            freeze(rightId, CASE);
            fabric.rejects(COURT, ErrorCode.ALREADY_FROZEN, c -> contract.freeze(c, rightId, "other case", digest("o")));
        }

        @Test
        void onlyACourt() {
            for (Identity other : new Identity[] {ALICE, BANK, REGISTRAR, NOTARY, EXCHANGE, REGULATOR, NOBODY}) {
                fabric.rejects(other, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.freeze(c, assetId, CASE, digest("o")));
            }
        }

        @Test
        void refusesBadArgumentsAndUnknownTargets() {
            fabric.rejects(COURT, ErrorCode.INVALID_ARGUMENT, c -> contract.freeze(c, assetId, " ", digest("o")));
            fabric.rejects(COURT, ErrorCode.INVALID_DIGEST, c -> contract.freeze(c, assetId, CASE, "order"));
            fabric.rejects(COURT, ErrorCode.ASSET_NOT_FOUND, c -> contract.freeze(c, "A-none", CASE, digest("o")));
            fabric.rejects(COURT, ErrorCode.RIGHT_NOT_FOUND, c -> contract.freeze(c, po(assetId), CASE, digest("o")));
        }

        @Test
        void aFrozenAssetBlocksTransferLicenceAndPledgeOfEveryRightInIt() {
            registerRight(ALICE, assetId, PO, null);
            offer(ALICE, po(assetId), BOB);
            freeze(assetId, CASE);
            fabric.rejects(BOB, ErrorCode.ASSET_FROZEN, c -> contract.acceptTransfer(c, po(assetId)));
            fabric.rejects(ALICE, ErrorCode.ASSET_FROZEN, c -> contract.offerTransfer(c, rightId, BOB.party(),
                    digest("c"), inFiveDays()));
            fabric.rejects(ALICE, ErrorCode.ASSET_FROZEN,
                    c -> contract.grantLicence(c, assetId, PO, BOB.party(), terms().json(), null));
            fabric.rejects(ALICE, ErrorCode.ASSET_FROZEN, c -> contract.pledge(c, rightId, BANK.party(), digest("l")));
        }

        @Test
        void aFrozenRightBlocksOnlyItself() {
            registerRight(ALICE, assetId, PO, null);
            freeze(po(assetId), CASE);
            fabric.rejects(ALICE, ErrorCode.RIGHT_FROZEN, c -> contract.offerTransfer(c, po(assetId), BOB.party(),
                    digest("c"), inFiveDays()));
            fabric.rejects(ALICE, ErrorCode.RIGHT_FROZEN,
                    c -> contract.grantLicence(c, assetId, PO, BOB.party(), terms().json(), null));
            fabric.rejects(ALICE, ErrorCode.RIGHT_FROZEN, c -> contract.pledge(c, po(assetId), BANK.party(), digest("l")));
            licence(ALICE, assetId, PU, BOB, terms());
            transfer(ALICE, rightId, CAROL);
        }
    }

    @Nested
    class Unfreeze {

        @Test
        void theSameCaseNumberLiftsTheFreeze() {
            freeze(assetId, CASE);
            freeze(rightId, CASE);
            FakeFabric.Tx result = fabric.submit(COURT, c -> contract.unfreeze(c, assetId, CASE));
            assertThat(json(result.response).isNull("freeze")).isTrue();
            assertThat(result.event().name).isEqualTo("UNFREEZE");
            assertThat(result.event().payloadText()).isEqualTo("{\"assetId\":\"" + assetId + "\"" + recordKey(FakeFabric.assetKey(assetId)) + "}");
            FakeFabric.Tx right = fabric.submit(COURT, c -> contract.unfreeze(c, rightId, CASE));
            assertThat(json(right.response).isNull("freeze")).isTrue();
            assertThat(right.event().payloadText())
                    .isEqualTo("{\"assetId\":\"" + assetId + "\",\"rightId\":\"" + rightId + "\""
                            + recordKey(FakeFabric.rightKey(rightId)) + "}");
            transfer(ALICE, rightId, BOB);
        }

        @Test
        void anotherCaseNumberIsRefused() {
            freeze(assetId, CASE);
            ChaincodeException e = fabric.rejects(COURT, ErrorCode.CASE_MISMATCH,
                    c -> contract.unfreeze(c, assetId, "(2026) other"));
            assertThat(e.getMessage()).contains(CASE);
            freeze(rightId, CASE);
            fabric.rejects(COURT, ErrorCode.CASE_MISMATCH, c -> contract.unfreeze(c, rightId, "(2026) other"));
        }

        @Test
        void somethingNotFrozenCannotBeUnfrozen() {
            fabric.rejects(COURT, ErrorCode.NOT_FROZEN, c -> contract.unfreeze(c, assetId, CASE));
            fabric.rejects(COURT, ErrorCode.NOT_FROZEN, c -> contract.unfreeze(c, rightId, CASE));
        }

        @Test
        void onlyACourt() {
            freeze(assetId, CASE);
            fabric.rejects(ALICE, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.unfreeze(c, assetId, CASE));
            fabric.rejects(REGISTRAR, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.unfreeze(c, assetId, CASE));
            fabric.rejects(COURT, ErrorCode.INVALID_ARGUMENT, c -> contract.unfreeze(c, assetId, ""));
        }
    }
}
