package org.dataright.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryTest extends ContractTestSupport {

    @Nested
    class GetAsset {

        @Test
        void returnsTheCommittedRecordToAnyone() {
            String assetId = register(ALICE, "traffic");
            String stored = fabric.state(FakeFabric.assetKey(assetId));
            for (Identity reader : new Identity[] {ALICE, BOB, BANK, COURT, REGISTRAR, NOTARY, EXCHANGE, REGULATOR,
                    NOBODY, Identity.AUDITOR}) {
                assertThat(fabric.evaluate(reader, c -> contract.getAsset(c, assetId))).isEqualTo(stored);
            }
        }

        @Test
        void anUnknownAssetIsNotFound() {
            fabric.rejects(NOBODY, ErrorCode.ASSET_NOT_FOUND, c -> contract.getAsset(c, "A-0000000000000000"));
            fabric.rejects(NOBODY, ErrorCode.INVALID_ARGUMENT, c -> contract.getAsset(c, "A 1"));
            fabric.rejects(NOBODY, ErrorCode.INVALID_ARGUMENT, c -> contract.getAsset(c, null));
        }
    }

    @Nested
    class GetRightAndRightsOfAsset {

        @Test
        void listsAnAssetsRightsInKeyOrder() {
            String assetId = register(ALICE, "traffic");
            registerRight(ALICE, assetId, PO, null);
            registerRight(ALICE, assetId, IP, "claim");
            JSONArray rights = new JSONArray(fabric.evaluate(NOBODY, c -> contract.getRightsOfAsset(c, assetId)));
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < rights.length(); i++) {
                ids.add(rights.getJSONObject(i).getString("id"));
            }
            assertThat(ids).containsExactly(ip(assetId), po(assetId), rh(assetId));
            assertThat(rights.getJSONObject(2).similar(new JSONObject(fabric.state(FakeFabric.rightKey(rh(assetId))))))
                    .isTrue();
            assertThat(fabric.evaluate(NOBODY, c -> contract.getRight(c, po(assetId))))
                    .isEqualTo(fabric.state(FakeFabric.rightKey(po(assetId))));
        }

        @Test
        void unknownRightsAndAssetsAreNotFound() {
            String assetId = register(ALICE, "traffic");
            fabric.rejects(NOBODY, ErrorCode.RIGHT_NOT_FOUND, c -> contract.getRight(c, po(assetId)));
            fabric.rejects(NOBODY, ErrorCode.INVALID_ARGUMENT, c -> contract.getRight(c, assetId + "/OWNERSHIP"));
            fabric.rejects(NOBODY, ErrorCode.INVALID_ARGUMENT, c -> contract.getRight(c, assetId));
            fabric.rejects(NOBODY, ErrorCode.ASSET_NOT_FOUND, c -> contract.getRightsOfAsset(c, "A-none"));
            fabric.rejects(NOBODY, ErrorCode.ASSET_NOT_FOUND, c -> contract.getLicencesOfAsset(c, "A-none"));
            fabric.rejects(NOBODY, ErrorCode.ASSET_NOT_FOUND, c -> contract.getEvidenceOfAsset(c, "A-none"));
            fabric.rejects(NOBODY, ErrorCode.LICENCE_NOT_FOUND, c -> contract.getLicence(c, assetId + "/L-none"));
            fabric.rejects(NOBODY, ErrorCode.ACT_NOT_FOUND, c -> contract.getAct(c, "P-none"));
            fabric.rejects(NOBODY, ErrorCode.OBJECTION_NOT_FOUND, c -> contract.getObjection(c, "O-none"));
        }

        @Test
        void listsHoldOnlyTheAssetsOwnRecords() {
            String assetId = register(ALICE, "traffic");
            String other = register(BOB, "other");
            String licenceId = licence(ALICE, assetId, PU, BOB, terms());
            licence(BOB, other, PU, ALICE, terms());
            fabric.submit(NOTARY, c -> contract.anchorEvidence(c, other, "audit_report", digest("audit"), null, null));
            assertThat(fabric.evaluate(NOBODY, c -> contract.getLicencesOfAsset(c, assetId)))
                    .isEqualTo("[" + fabric.state(licenceKey(licenceId)) + "]");
            assertThat(fabric.evaluate(NOBODY, c -> contract.getRightsOfAsset(c, assetId)))
                    .isEqualTo("[" + fabric.state(FakeFabric.rightKey(rh(assetId))) + "]");
            assertThat(fabric.evaluate(NOBODY, c -> contract.getEvidenceOfAsset(c, assetId))).isEqualTo("[]");
            assertThat(new JSONArray(fabric.evaluate(NOBODY, c -> contract.getEvidenceOfAsset(c, other))).length())
                    .isEqualTo(1);
        }
    }

    @Nested
    class FindAssetByDigest {

        @Test
        void findsByEitherAlgorithmInAnyCase() {
            String sm3 = digest("sm3");
            String assetId = register(ALICE, asset("traffic").with("sm3", sm3));
            String stored = fabric.state(FakeFabric.assetKey(assetId));
            assertThat(fabric.evaluate(BOB, c -> contract.findAssetByDigest(c, "sha256", digest("traffic"))))
                    .isEqualTo(stored);
            assertThat(fabric.evaluate(BOB, c -> contract.findAssetByDigest(c, " SM3 ", sm3.toUpperCase(java.util.Locale.ROOT))))
                    .isEqualTo(stored);
        }

        @Test
        void refusesUnknownAlgorithmsBadDigestsAndUnknownContent() {
            register(ALICE, "traffic");
            fabric.rejects(BOB, ErrorCode.INVALID_ARGUMENT, c -> contract.findAssetByDigest(c, "md5", digest("traffic")));
            fabric.rejects(BOB, ErrorCode.INVALID_ARGUMENT, c -> contract.findAssetByDigest(c, null, digest("traffic")));
            fabric.rejects(BOB, ErrorCode.INVALID_DIGEST, c -> contract.findAssetByDigest(c, "sha256", "abc"));
            fabric.rejects(BOB, ErrorCode.ASSET_NOT_FOUND, c -> contract.findAssetByDigest(c, "sha256", digest("other")));
            fabric.rejects(BOB, ErrorCode.ASSET_NOT_FOUND, c -> contract.findAssetByDigest(c, "sm3", digest("traffic")));
        }
    }

    @Nested
    class GetRightsByHolder {

        @Test
        void pagesThroughTheHolderIndexWithBookmarks() {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                expected.add(rh(register(ALICE, "content " + i)));
            }
            register(BOB, "bob's");
            expected.sort(null);

            List<String> seen = new ArrayList<>();
            String bookmark = "";
            List<Integer> pageSizes = new ArrayList<>();
            do {
                String mark = bookmark;
                JSONObject page = json(fabric.evaluate(NOBODY, c -> contract.getRightsByHolder(c, ALICE.party(), 2, mark)));
                JSONArray records = page.getJSONArray("records");
                assertThat(page.getInt("fetched")).isEqualTo(records.length());
                pageSizes.add(records.length());
                for (int i = 0; i < records.length(); i++) {
                    JSONObject r = records.getJSONObject(i);
                    assertThat(r.getString("holder")).isEqualTo(ALICE.party());
                    assertThat(r.similar(new JSONObject(fabric.state(FakeFabric.rightKey(r.getString("id")))))).isTrue();
                    seen.add(r.getString("id"));
                }
                bookmark = page.getString("bookmark");
            } while (!bookmark.isEmpty());
            assertThat(pageSizes).containsExactly(2, 2, 1);
            assertThat(seen).containsExactlyElementsOf(expected);
        }

        @Test
        void theResponseHasAFixedShape() {
            String assetId = register(ALICE, "traffic");
            String response = fabric.evaluate(NOBODY, c -> contract.getRightsByHolder(c, ALICE.party(), 1, null));
            assertThat(response).isEqualTo("{\"records\":[" + fabric.state(FakeFabric.rightKey(rh(assetId)))
                    + "],\"fetched\":1,\"bookmark\":\"\"}");
            assertThat(fabric.evaluate(NOBODY, c -> contract.getRightsByHolder(c, CAROL.party(), 10, "")))
                    .isEqualTo("{\"records\":[],\"fetched\":0,\"bookmark\":\"\"}");
        }

        @Test
        void aListingEntryFromBeforeTheCopyWasKeptIsReadFromTheRight() {
            String assetId = register(ALICE, "older ledger");
            fabric.seed(holderKey(ALICE, rh(assetId)), "\u0000");
            String response = fabric.evaluate(NOBODY, c -> contract.getRightsByHolder(c, ALICE.party(), 10, ""));
            assertThat(response).isEqualTo("{\"records\":[" + fabric.state(FakeFabric.rightKey(rh(assetId)))
                    + "],\"fetched\":1,\"bookmark\":\"\"}");
        }

        @Test
        void aTransferMovesTheListedRecordToTheNewHolder() {
            String rightId = rh(register(ALICE, "moving"));
            transfer(ALICE, rightId, BOB);
            assertThat(json(fabric.evaluate(NOBODY, c -> contract.getRightsByHolder(c, ALICE.party(), 10, "")))
                    .getInt("fetched")).isZero();
            JSONObject listed = json(fabric.evaluate(NOBODY, c -> contract.getRightsByHolder(c, BOB.party(), 10, "")))
                    .getJSONArray("records").getJSONObject(0);
            assertThat(listed.similar(new JSONObject(fabric.state(FakeFabric.rightKey(rightId))))).isTrue();
            assertThat(listed.getJSONObject("lastAct").getString("act")).isEqualTo("ACCEPT_TRANSFER");
        }

        @Test
        void aBookmarkFromAnotherListingIsRefused() {
            // The peer uses a bookmark as the start key of the range, so a foreign one would list other
            // holders' rights under this holder's name.
            String alices = rh(register(ALICE, "traffic"));
            register(BOB, "bob's");
            String foreign = holderKey(ALICE, alices);
            fabric.rejects(NOBODY, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.getRightsByHolder(c, BOB.party(), 10, foreign));
            fabric.rejects(NOBODY, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.getRightsByHolder(c, BOB.party(), 10, "\u0000holder~right\u0000"));
        }

        @ParameterizedTest
        @ValueSource(ints = {0, -1, 201})
        void refusesBadPageSizes(int pageSize) {
            fabric.rejects(NOBODY, ErrorCode.INVALID_ARGUMENT,
                    c -> contract.getRightsByHolder(c, ALICE.party(), pageSize, ""));
        }

        @Test
        void acceptsTheLargestPageSize() {
            register(ALICE, "traffic");
            assertThat(json(fabric.evaluate(NOBODY, c -> contract.getRightsByHolder(c, ALICE.party(), 200, "")))
                    .getInt("fetched")).isEqualTo(1);
        }

        @Test
        void refusesAHolderThatIsNotAParty() {
            fabric.rejects(NOBODY, ErrorCode.INVALID_ARGUMENT, c -> contract.getRightsByHolder(c, "alice", 10, ""));
            fabric.rejects(NOBODY, ErrorCode.INVALID_ARGUMENT, c -> contract.getRightsByHolder(c, "", 10, ""));
        }
    }

    @Nested
    class GetAssetHistory {

        @Test
        void everyVersionWithTransactionTimestampActAndActorNewestFirst() {
            Instant t1 = fabric.now();
            String tx1 = fabric.nextTxId();
            String assetId = register(ALICE, "traffic");
            String v1 = fabric.state(FakeFabric.assetKey(assetId));
            Instant t2 = fabric.advance(Duration.ofDays(3)).now();
            String tx2 = fabric.nextTxId();
            freeze(assetId, "case-1");
            String v2 = fabric.state(FakeFabric.assetKey(assetId));
            Instant t3 = fabric.advance(Duration.ofHours(5)).now();
            String tx3 = fabric.nextTxId();
            fabric.submit(COURT, c -> contract.unfreeze(c, assetId, "case-1"));
            String v3 = fabric.state(FakeFabric.assetKey(assetId));
            licence(ALICE, assetId, PU, BOB, terms()); // does not touch the asset record

            String history = fabric.evaluate(NOBODY, c -> contract.getAssetHistory(c, assetId));
            assertThat(history).isEqualTo("["
                    + version(tx3, t3, "UNFREEZE", COURT, v3) + ","
                    + version(tx2, t2, "FREEZE", COURT, v2) + ","
                    + version(tx1, t1, "REGISTER_ASSET", ALICE, v1) + "]");
        }

        @Test
        void anUnknownAssetHasNoHistory() {
            assertThat(fabric.evaluate(NOBODY, c -> contract.getAssetHistory(c, "A-none"))).isEqualTo("[]");
            fabric.rejects(NOBODY, ErrorCode.INVALID_ARGUMENT, c -> contract.getAssetHistory(c, "A none"));
        }
    }

    @Nested
    class GetRightHistory {

        @Test
        void everyVersionOfARightThroughATransfer() {
            String registerTx = fabric.nextTxId();
            String assetId = register(ALICE, "traffic");
            String rightId = rh(assetId);
            String registered = fabric.state(FakeFabric.rightKey(rightId));
            Instant offeredAt = fabric.advance(Duration.ofDays(1)).now();
            String offerTx = fabric.nextTxId();
            offer(ALICE, rightId, BOB);
            String offered = fabric.state(FakeFabric.rightKey(rightId));
            Instant acceptedAt = fabric.advance(Duration.ofDays(1)).now();
            String acceptTx = fabric.nextTxId();
            fabric.submit(BOB, c -> contract.acceptTransfer(c, rightId));
            String accepted = fabric.state(FakeFabric.rightKey(rightId));

            assertThat(fabric.evaluate(NOBODY, c -> contract.getRightHistory(c, rightId))).isEqualTo("["
                    + version(acceptTx, acceptedAt, "ACCEPT_TRANSFER", BOB, accepted) + ","
                    + version(offerTx, offeredAt, "OFFER_TRANSFER", ALICE, offered) + ","
                    + version(registerTx, FakeFabric.GENESIS, "REGISTER_ASSET", ALICE, registered) + "]");
            fabric.rejects(NOBODY, ErrorCode.INVALID_ARGUMENT, c -> contract.getRightHistory(c, "nonsense"));
        }
    }

    static String version(String txId, Instant at, String act, Identity actor, String record) {
        return "{\"txId\":\"" + txId + "\",\"timestamp\":\"" + at + "\",\"act\":\"" + act + "\",\"actor\":\""
                + actor.party() + "\",\"record\":" + record + "}";
    }
}
