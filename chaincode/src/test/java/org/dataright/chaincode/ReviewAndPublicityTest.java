package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.json.JSONObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReviewAndPublicityTest extends ContractTestSupport {

    String applyForRegistration(Identity who, String content) {
        return asset(who, register(who, content)).getString("pendingAct");
    }

    void approve(String actId) {
        fabric.submit(REGISTRAR, c -> contract.reviewAct(c, actId, true, ""));
    }

    String object(Identity who, String actId) {
        return json(fabric.submit(who, c -> contract.fileObjection(c, actId, "I hold this data", digest("proof")))
                .response).getString("id");
    }

    @Nested
    class ConfigureRegistry {

        @Test
        void byDefaultActsTakeEffectAtOnce() {
            assertThat(fabric.evaluate(NOBODY, c -> contract.getRegistryConfig(c)))
                    .isEqualTo("{\"reviewRequired\":false,\"publicity\":\"P0D\",\"lastAct\":null}");
            String assetId = register(ALICE, "traffic");
            assertThat(asset(NOBODY, assetId).getString("status")).isEqualTo("EFFECTIVE");
            assertThat(asset(NOBODY, assetId).isNull("pendingAct")).isTrue();
        }

        @Test
        void theRegistrarStoresTheConfigurationOnTheLedger() {
            String tx = fabric.nextTxId();
            FakeFabric.Tx result = fabric.submit(REGISTRAR, c -> contract.configureRegistry(c, true, "365"));
            String json = "{\"reviewRequired\":true,\"publicity\":\"P365D\",\"lastAct\":"
                    + stamp("CONFIGURE_REGISTRY", REGISTRAR, fabric.now(), tx) + "}";
            assertThat(result.response).isEqualTo(json);
            assertThat(result.keysWritten()).containsExactly(FakeFabric.key("config"));
            assertThat(result.written(FakeFabric.key("config"))).isEqualTo(json);
            assertThat(result.event().name).isEqualTo("CONFIGURE_REGISTRY");
            // The act states the configuration it wrote: the record a certificate of it shows.
            assertThat(result.event().payloadText()).isEqualTo("{" + recordKey(FakeFabric.key("config")).substring(1) + "}");
            assertThat(fabric.evaluate(NOBODY, c -> contract.getRegistryConfig(c))).isEqualTo(json);
        }

        @ParameterizedTest
        @ValueSource(strings = {"-1", "366", "2147483647", "-2147483648", "P366D", "PT8785H", "-PT1S", "PT0.5S", "P1W", "",
            "thirty", "1e3"})
        void publicityLastsZeroTo365DaysInWholeSeconds(String period) {
            fabric.rejects(REGISTRAR, ErrorCode.INVALID_ARGUMENT, c -> contract.configureRegistry(c, false, period));
        }

        @ParameterizedTest
        @CsvSource({"0, P0D", "30, P30D", "P30D, P30D", "PT720H, P30D", "PT10S, PT10S", "PT36H, PT36H", "P365D, P365D"})
        void publicityIsDaysOrAnIsoDurationAndIsStoredInIsoForm(String given, String stored) {
            JSONObject config = json(fabric.submit(REGISTRAR, c -> contract.configureRegistry(c, false, given)).response);
            assertThat(config.getString("publicity")).isEqualTo(stored);
        }

        @Test
        void aPublicityOfSecondsEndsWhenTheLedgersTimePassesIt() {
            configure(false, "PT10S");
            String assetId = register(ALICE, "short publicity");
            JSONObject pending = act(asset(NOBODY, assetId).getString("pendingAct"));
            assertThat(pending.getString("publicity")).isEqualTo("PT10S");
            Instant ends = Instant.parse(pending.getString("publicityEnds"));
            assertThat(Duration.between(fabric.now(), ends)).isEqualTo(Duration.ofSeconds(10));
            fabric.rejects(BOB, ErrorCode.PUBLICITY_RUNNING, c -> contract.takeEffect(c, pending.getString("id")));
            fabric.advance(Duration.ofSeconds(10));
            fabric.submit(BOB, c -> contract.takeEffect(c, pending.getString("id")));
            assertThat(asset(NOBODY, assetId).getString("status")).isEqualTo("EFFECTIVE");
        }

        @Test
        void onlyTheRegistrar() {
            for (Identity other : new Identity[] {ALICE, BANK, COURT, NOTARY, EXCHANGE, REGULATOR, NOBODY}) {
                fabric.rejects(other, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.configureRegistry(c, true, "10"));
            }
        }

        @Test
        void publicityWithoutReviewStartsAtOnce() {
            configure(false, 3);
            Instant t0 = fabric.now();
            String actId = applyForRegistration(ALICE, "traffic");
            JSONObject act = act(actId);
            assertThat(act.getString("stage")).isEqualTo("PUBLICITY");
            assertThat(act.getString("publicityEnds")).isEqualTo(t0.plus(Duration.ofDays(3)).toString());
            fabric.at(t0.plus(Duration.ofDays(3)));
            fabric.submit(EXCHANGE, c -> contract.takeEffect(c, actId));
            assertThat(asset(NOBODY, act.getString("assetId")).getString("status")).isEqualTo("EFFECTIVE");
        }

        @Test
        void anActKeepsThePublicityPeriodItWasAppliedUnder() {
            configure(true, 10);
            String actId = applyForRegistration(ALICE, "traffic");
            configure(true, 1);
            fabric.advance(Duration.ofHours(1));
            Instant approvedAt = fabric.now();
            approve(actId);
            assertThat(act(actId).getString("publicityEnds")).isEqualTo(approvedAt.plus(Duration.ofDays(10)).toString());
        }
    }

    @Nested
    class RegistrationUnderReview {
        String actId;
        String assetId;
        Instant approvedAt;

        @BeforeEach
        void applied() {
            configure(true, 10);
            String tx = fabric.nextTxId();
            actId = "P-" + tx.substring(0, 16);
            assetId = "A-" + tx.substring(0, 16);
            FakeFabric.Tx result = fabric.submit(ALICE, c -> contract.registerAsset(c, asset("traffic").json()));
            assertThat(result.keysWritten()).containsExactly(actKey(actId), FakeFabric.assetKey(assetId),
                    FakeFabric.rightKey(rh(assetId)), holderKey(ALICE, rh(assetId)), digestKey("sha256", digest("traffic")));
            assertThat(result.written(actKey(actId))).isEqualTo("{\"id\":\"" + actId + "\",\"kind\":\"REGISTRATION\","
                    + "\"assetId\":\"" + assetId + "\",\"rightId\":\"" + rh(assetId) + "\",\"applicant\":\"" + ALICE.party()
                    + "\",\"stage\":\"REVIEW\",\"publicity\":\"P10D\",\"publicityEnds\":null,\"openObjections\":0,"
                    + "\"outcome\":null,\"lastAct\":" + stamp("REGISTER_ASSET", ALICE, fabric.now(), tx) + "}");
            assertThat(result.event().payloadText()).isEqualTo("{\"assetId\":\"" + assetId + "\",\"rightId\":\""
                    + rh(assetId) + "\",\"actId\":\"" + actId + "\"" + recordKey(FakeFabric.assetKey(assetId)) + "}");
            assertThat(json(result.response).getString("status")).isEqualTo("PENDING");
            assertThat(json(result.response).getString("pendingAct")).isEqualTo(actId);
            assertThat(right(rh(assetId)).getString("status")).isEqualTo("PENDING");
            fabric.advance(Duration.ofDays(1));
            approvedAt = fabric.now();
        }

        @Test
        void pendingAssetsCannotBeUsedButMayBeNamedInLineage() {
            fabric.rejects(ALICE, ErrorCode.ASSET_NOT_EFFECTIVE, c -> contract.registerRight(c, assetId, PO, null));
            fabric.rejects(ALICE, ErrorCode.ASSET_NOT_EFFECTIVE, c -> contract.offerTransfer(c, rh(assetId), BOB.party(),
                    digest("c"), expiresIn(Duration.ofDays(3))));
            String child = asset(BOB, register(BOB, asset("derived").lineage(assetId))).getString("id");
            assertThat(asset(NOBODY, child).getJSONArray("lineage").getString(0)).isEqualTo(assetId);
        }

        @Test
        void noObjectionOrEffectBeforeApproval() {
            fabric.rejects(BOB, ErrorCode.NOT_IN_PUBLICITY, c -> contract.fileObjection(c, actId, "mine", null));
            fabric.rejects(BOB, ErrorCode.NOT_IN_PUBLICITY, c -> contract.takeEffect(c, actId));
        }

        @Test
        void approvalStartsPublicityThenItTakesEffectWhenThePeriodHasPassed() {
            String tx = fabric.nextTxId();
            FakeFabric.Tx review = fabric.submit(REGISTRAR, c -> contract.reviewAct(c, actId, true, "documents complete"));
            Instant ends = approvedAt.plus(Duration.ofDays(10));
            assertThat(review.response).isEqualTo("{\"id\":\"" + actId + "\",\"kind\":\"REGISTRATION\",\"assetId\":\""
                    + assetId + "\",\"rightId\":\"" + rh(assetId) + "\",\"applicant\":\"" + ALICE.party()
                    + "\",\"stage\":\"PUBLICITY\",\"publicity\":\"P10D\",\"publicityEnds\":\"" + ends
                    + "\",\"openObjections\":0,\"outcome\":\"documents complete\",\"lastAct\":"
                    + stamp("REVIEW", REGISTRAR, approvedAt, tx) + "}");
            assertThat(review.keysWritten()).containsExactly(actKey(actId));
            assertThat(review.event().name).isEqualTo("REVIEW");
            fabric.rejects(REGISTRAR, ErrorCode.NOT_IN_REVIEW, c -> contract.reviewAct(c, actId, true, ""));

            fabric.at(ends.minusMillis(1));
            fabric.rejects(ALICE, ErrorCode.PUBLICITY_RUNNING, c -> contract.takeEffect(c, actId));
            assertThat(asset(NOBODY, assetId).getString("status")).isEqualTo("PENDING");

            fabric.at(ends);
            FakeFabric.Tx effect = fabric.submit(BANK, c -> contract.takeEffect(c, actId));
            assertThat(effect.keysWritten()).containsExactly(FakeFabric.assetKey(assetId),
                    FakeFabric.rightKey(rh(assetId)), holderKey(ALICE, rh(assetId)), actKey(actId));
            assertThat(effect.event().name).isEqualTo("TAKE_EFFECT");
            assertThat(json(effect.response).getString("stage")).isEqualTo("EFFECTIVE");
            JSONObject asset = asset(NOBODY, assetId);
            assertThat(asset.getString("status")).isEqualTo("EFFECTIVE");
            assertThat(asset.isNull("pendingAct")).isTrue();
            assertThat(right(rh(assetId)).getString("status")).isEqualTo("ACTIVE");
            assertThat(rightsHeldBy(ALICE)).isEqualTo(rh(assetId));
            fabric.rejects(BANK, ErrorCode.NOT_IN_PUBLICITY, c -> contract.takeEffect(c, actId));
            registerRight(ALICE, assetId, PO, null);
        }

        @Test
        void anObjectionKeepsTheActFromTakingEffectUntilDismissed() {
            approve(actId);
            Instant ends = approvedAt.plus(Duration.ofDays(10));
            fabric.advance(Duration.ofDays(2));
            String tx = fabric.nextTxId();
            String objectionId = "O-" + tx.substring(0, 16);
            FakeFabric.Tx filed = fabric.submit(BOB, c -> contract.fileObjection(c, actId, "I collected this data", null));
            assertThat(filed.response).isEqualTo("{\"id\":\"" + objectionId + "\",\"actId\":\"" + actId
                    + "\",\"objector\":\"" + BOB.party() + "\",\"grounds\":\"I collected this data\","
                    + "\"evidenceDigest\":null,\"status\":\"OPEN\",\"resolution\":null,\"lastAct\":"
                    + stamp("FILE_OBJECTION", BOB, fabric.now(), tx) + "}");
            assertThat(filed.keysWritten()).containsExactly(actKey(actId), objectionKey(objectionId));
            assertThat(filed.event().payloadText()).isEqualTo("{\"assetId\":\"" + assetId + "\",\"rightId\":\""
                    + rh(assetId) + "\",\"actId\":\"" + actId + "\",\"objectionId\":\"" + objectionId + "\""
                    + recordKey(objectionKey(objectionId)) + "}");
            assertThat(act(actId).getInt("openObjections")).isEqualTo(1);

            fabric.at(ends);
            fabric.rejects(ALICE, ErrorCode.OBJECTIONS_OPEN, c -> contract.takeEffect(c, actId));
            fabric.rejects(CAROL, ErrorCode.NOT_IN_PUBLICITY, c -> contract.fileObjection(c, actId, "late", null));

            FakeFabric.Tx resolved = fabric.submit(REGISTRAR,
                    c -> contract.resolveObjection(c, objectionId, false, "the collection contract says otherwise"));
            assertThat(resolved.keysWritten()).containsExactly(objectionKey(objectionId), actKey(actId));
            assertThat(resolved.event().name).isEqualTo("RESOLVE_OBJECTION");
            assertThat(json(resolved.response).getString("stage")).isEqualTo("PUBLICITY");
            assertThat(json(resolved.response).getInt("openObjections")).isZero();
            JSONObject objection = json(fabric.evaluate(NOBODY, c -> contract.getObjection(c, objectionId)));
            assertThat(objection.getString("status")).isEqualTo("DISMISSED");
            assertThat(objection.getString("resolution")).isEqualTo("the collection contract says otherwise");
            fabric.rejects(REGISTRAR, ErrorCode.OBJECTION_CLOSED,
                    c -> contract.resolveObjection(c, objectionId, true, "changed my mind"));

            fabric.submit(ALICE, c -> contract.takeEffect(c, actId));
            assertThat(asset(NOBODY, assetId).getString("status")).isEqualTo("EFFECTIVE");
        }

        @Test
        void anUpheldObjectionRejectsTheRegistrationAndFreesItsContent() {
            approve(actId);
            String objectionId = object(BOB, actId);
            FakeFabric.Tx resolved = fabric.submit(REGISTRAR,
                    c -> contract.resolveObjection(c, objectionId, true, "Bob's collection predates Alice's"));
            assertThat(resolved.keysWritten()).containsExactly(objectionKey(objectionId), FakeFabric.assetKey(assetId),
                    FakeFabric.rightKey(rh(assetId)), holderKey(ALICE, rh(assetId)), digestKey("sha256", digest("traffic")),
                    actKey(actId));
            assertThat(resolved.writes.get(3).isDelete()).isTrue();
            assertThat(resolved.writes.get(4).isDelete()).isTrue();
            JSONObject act = json(resolved.response);
            assertThat(act.getString("stage")).isEqualTo("REJECTED");
            assertThat(act.getString("outcome")).isEqualTo("Bob's collection predates Alice's");
            assertThat(asset(NOBODY, assetId).getString("status")).isEqualTo("REJECTED");
            assertThat(right(rh(assetId)).getString("status")).isEqualTo("REJECTED");
            assertThat(rightsHeldBy(ALICE)).isEmpty();
            fabric.rejects(NOBODY, ErrorCode.ASSET_NOT_FOUND,
                    c -> contract.findAssetByDigest(c, "sha256", digest("traffic")));
            fabric.rejects(ALICE, ErrorCode.NOT_IN_PUBLICITY, c -> contract.takeEffect(c, actId));
            fabric.rejects(BOB, ErrorCode.LINEAGE_NOT_FOUND,
                    c -> contract.registerAsset(c, asset("derived").lineage(assetId).json()));

            // the content can be registered again, by anyone
            String again = register(BOB, "traffic");
            assertThat(again).isNotEqualTo(assetId);
            assertThat(json(fabric.evaluate(NOBODY, c -> contract.findAssetByDigest(c, "sha256", digest("traffic"))))
                    .getString("id")).isEqualTo(again);
        }

        @Test
        void aSecondObjectionResolvedAfterRejectionLeavesTheActRejected() {
            approve(actId);
            String first = object(BOB, actId);
            String second = object(CAROL, actId);
            assertThat(act(actId).getInt("openObjections")).isEqualTo(2);
            fabric.submit(REGISTRAR, c -> contract.resolveObjection(c, first, true, "upheld"));
            FakeFabric.Tx later = fabric.submit(REGISTRAR, c -> contract.resolveObjection(c, second, false, "moot"));
            assertThat(json(later.response).getString("stage")).isEqualTo("REJECTED");
            assertThat(json(later.response).getInt("openObjections")).isZero();
            assertThat(later.keysWritten()).containsExactly(objectionKey(second), actKey(actId));
        }

        @Test
        void theRegistrarMayRejectWithAReason() {
            fabric.rejects(REGISTRAR, ErrorCode.INVALID_ARGUMENT, c -> contract.reviewAct(c, actId, false, " "));
            FakeFabric.Tx rejected = fabric.submit(REGISTRAR, c -> contract.reviewAct(c, actId, false, "title forged"));
            assertThat(json(rejected.response).getString("stage")).isEqualTo("REJECTED");
            assertThat(json(rejected.response).getString("outcome")).isEqualTo("title forged");
            assertThat(asset(NOBODY, assetId).getString("status")).isEqualTo("REJECTED");
            fabric.rejects(REGISTRAR, ErrorCode.NOT_IN_REVIEW, c -> contract.reviewAct(c, actId, true, ""));
            register(ALICE, "traffic");
        }

        @Test
        void objectionsNeedGroundsAndAValidEvidenceDigest() {
            approve(actId);
            fabric.rejects(BOB, ErrorCode.INVALID_ARGUMENT, c -> contract.fileObjection(c, actId, "", null));
            fabric.rejects(BOB, ErrorCode.INVALID_DIGEST, c -> contract.fileObjection(c, actId, "mine", "xyz"));
            fabric.rejects(BOB, ErrorCode.ACT_NOT_FOUND, c -> contract.fileObjection(c, "P-none", "mine", null));
        }

        @Test
        void anyoneWithARoleButTheRegistrarMayObject() {
            approve(actId);
            for (Identity who : new Identity[] {BOB, BANK, COURT, EXCHANGE, NOTARY, REGULATOR}) {
                object(who, actId);
            }
            assertThat(act(actId).getInt("openObjections")).isEqualTo(6);
            fabric.rejects(REGISTRAR, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.fileObjection(c, actId, "x", null));
            fabric.rejects(NOBODY, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.fileObjection(c, actId, "x", null));
        }

        @Test
        void reviewAndResolutionAreTheRegistrarsAlone() {
            fabric.rejects(COURT, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.reviewAct(c, actId, true, ""));
            fabric.rejects(ALICE, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.reviewAct(c, actId, true, ""));
            approve(actId);
            String objectionId = object(BOB, actId);
            fabric.rejects(REGULATOR, ErrorCode.ROLE_NOT_ALLOWED,
                    c -> contract.resolveObjection(c, objectionId, true, "x"));
            fabric.rejects(REGISTRAR, ErrorCode.OBJECTION_NOT_FOUND, c -> contract.resolveObjection(c, "O-none", true, "x"));
            fabric.rejects(REGISTRAR, ErrorCode.INVALID_ARGUMENT, c -> contract.resolveObjection(c, objectionId, true, ""));
            fabric.rejects(REGISTRAR, ErrorCode.ACT_NOT_FOUND, c -> contract.reviewAct(c, "P-none", true, ""));
            fabric.rejects(NOBODY, ErrorCode.ROLE_NOT_ALLOWED, c -> contract.takeEffect(c, actId));
        }
    }

    @Test
    void reviewWithoutPublicityTakesEffectOnApproval() {
        configure(true, 0);
        String actId = applyForRegistration(ALICE, "traffic");
        FakeFabric.Tx review = fabric.submit(REGISTRAR, c -> contract.reviewAct(c, actId, true, null));
        assertThat(json(review.response).getString("stage")).isEqualTo("EFFECTIVE");
        assertThat(json(review.response).isNull("publicityEnds")).isTrue();
        assertThat(asset(NOBODY, json(review.response).getString("assetId")).getString("status")).isEqualTo("EFFECTIVE");
    }

    @Nested
    class TransferUnderReview {
        String assetId;
        String rightId;
        String actId;

        @BeforeEach
        void accepted() {
            assetId = register(ALICE, "traffic");
            rightId = rh(assetId);
            configure(true, 5);
            offer(ALICE, rightId, BOB);
            actId = "P-" + fabric.nextShortTx();
            FakeFabric.Tx accept = fabric.submit(BOB, c -> contract.acceptTransfer(c, rightId));
            assertThat(accept.keysWritten()).containsExactly(actKey(actId), FakeFabric.rightKey(rightId), holderKey(ALICE, rightId));
            assertThat(accept.event().payloadText()).isEqualTo("{\"assetId\":\"" + assetId + "\",\"rightId\":\""
                    + rightId + "\",\"actId\":\"" + actId + "\"" + recordKey(FakeFabric.rightKey(rightId)) + "}");
            JSONObject right = json(accept.response);
            assertThat(right.getString("status")).isEqualTo("TRANSFER_PENDING");
            assertThat(right.getString("holder")).isEqualTo(ALICE.party());
            assertThat(right.getString("pendingAct")).isEqualTo(actId);
            assertThat(act(actId).getString("kind")).isEqualTo("TRANSFER");
            assertThat(act(actId).getString("applicant")).isEqualTo(BOB.party());
        }

        @Test
        void theHolderChangesOnlyWhenTheTransferTakesEffect() {
            assertThat(rightsHeldBy(ALICE)).isEqualTo(rightId);
            assertThat(rightsHeldBy(BOB)).isEmpty();
            fabric.rejects(ALICE, ErrorCode.NO_OFFER, c -> contract.cancelTransfer(c, rightId));
            fabric.rejects(BOB, ErrorCode.NO_OFFER, c -> contract.acceptTransfer(c, rightId));
            fabric.rejects(ALICE, ErrorCode.RIGHT_NOT_ACTIVE, c -> contract.pledge(c, rightId, BANK.party(), digest("l")));
            approve(actId);
            assertThat(holderOf(rightId)).isEqualTo(ALICE.party());
            fabric.advance(Duration.ofDays(5));
            FakeFabric.Tx effect = fabric.submit(CAROL, c -> contract.takeEffect(c, actId));
            assertThat(effect.keysWritten()).containsExactly(FakeFabric.rightKey(rightId), holderKey(BOB, rightId),
                    holderKey(ALICE, rightId), actKey(actId));
            JSONObject right = right(rightId);
            assertThat(right.getString("holder")).isEqualTo(BOB.party());
            assertThat(right.getString("status")).isEqualTo("ACTIVE");
            assertThat(right.isNull("offer")).isTrue();
            assertThat(right.isNull("pendingAct")).isTrue();
            assertThat(rightsHeldBy(ALICE)).isEmpty();
            assertThat(rightsHeldBy(BOB)).isEqualTo(rightId);
        }

        @Test
        void aRejectedTransferLeavesTheRightWithItsHolder() {
            fabric.submit(REGISTRAR, c -> contract.reviewAct(c, actId, false, "price below valuation"));
            JSONObject right = right(rightId);
            assertThat(right.getString("holder")).isEqualTo(ALICE.party());
            assertThat(right.getString("status")).isEqualTo("ACTIVE");
            assertThat(right.isNull("offer")).isTrue();
            assertThat(rightsHeldBy(ALICE)).isEqualTo(rightId);
            offer(ALICE, rightId, CAROL);
        }

        @Test
        void anUpheldObjectionLeavesTheRightWithItsHolder() {
            approve(actId);
            String objectionId = object(CAROL, actId);
            fabric.submit(REGISTRAR, c -> contract.resolveObjection(c, objectionId, true, "prior claim"));
            assertThat(holderOf(rightId)).isEqualTo(ALICE.party());
            assertThat(right(rightId).getString("status")).isEqualTo("ACTIVE");
        }

        @Test
        void aPendingTransferOfARightInAFrozenAssetCannotTakeEffect() {
            approve(actId);
            freeze(assetId, "case-10");
            fabric.advance(Duration.ofDays(5));
            fabric.rejects(BOB, ErrorCode.ASSET_FROZEN, c -> contract.takeEffect(c, actId));
            assertThat(holderOf(rightId)).isEqualTo(ALICE.party());
            fabric.submit(COURT, c -> contract.unfreeze(c, assetId, "case-10"));
            fabric.submit(BOB, c -> contract.takeEffect(c, actId));
            assertThat(holderOf(rightId)).isEqualTo(BOB.party());
        }

        @Test
        void approvalWithoutPublicityOfAFrozenRightsTransferIsRefused() {
            configure(false, 0);
            String other = register(ALICE, "other");
            configure(true, 0);
            offer(ALICE, rh(other), BOB);
            String otherAct = "P-" + fabric.nextShortTx();
            fabric.submit(BOB, c -> contract.acceptTransfer(c, rh(other)));
            freeze(rh(other), "case-11");
            fabric.rejects(REGISTRAR, ErrorCode.RIGHT_FROZEN, c -> contract.reviewAct(c, otherAct, true, ""));
            fabric.submit(REGISTRAR, c -> contract.reviewAct(c, otherAct, false, "frozen by court"));
            assertThat(holderOf(rh(other))).isEqualTo(ALICE.party());
        }

        @Test
        void aFrozenRightsPendingTransferCannotTakeEffect() {
            approve(actId);
            freeze(rightId, "case-9");
            fabric.advance(Duration.ofDays(5));
            fabric.rejects(BOB, ErrorCode.RIGHT_FROZEN, c -> contract.takeEffect(c, actId));
            assertThat(holderOf(rightId)).isEqualTo(ALICE.party());
            fabric.submit(COURT, c -> contract.unfreeze(c, rightId, "case-9"));
            fabric.submit(BOB, c -> contract.takeEffect(c, actId));
            assertThat(holderOf(rightId)).isEqualTo(BOB.party());
        }
    }
}
